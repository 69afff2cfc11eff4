package dev.activeactive.sandbox.internal.sqs;

import dev.activeactive.sandbox.api.QueueEndpoints;
import dev.activeactive.sandbox.api.SandboxConfig;
import dev.activeactive.sandbox.api.SandboxException;
import dev.activeactive.sandbox.internal.net.PortAllocator;
import java.net.InetSocketAddress;
import java.net.URI;
import org.elasticmq.NodeAddress;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * One region's SQS: an ElasticMQ server inside this JVM, bound to the region's loopback address, with SQS's
 * strict limits (256 KiB messages, 10 entries per batch), holding the replication queue and its dead-letter
 * queue wired by a redrive policy. Queues are created through the AWS SDK, as a user would (see
 * {@link ReplicationQueues}).
 */
public final class SqsRegionServer implements AutoCloseable {
  private final String region;
  private final String host;
  private final SandboxConfig config;
  private SQSRestServer server;
  private QueueEndpoints endpoints;

  public SqsRegionServer(String region, String host, SandboxConfig config) {
    this.region = region;
    this.host = host;
    this.config = config;
  }

  public synchronized QueueEndpoints start() {
    if (server != null) {
      return endpoints;
    }
    int port = PortAllocator.freePort(host);
    try {
      server = SQSRestServerBuilder.withInterface(host)
          .withPort(port)
          .withServerAddress(new NodeAddress("http", host, port, ""))
          .withAWSRegion(region)
          .withSQSLimits(StrictSQSLimits$.MODULE$)
          .start();
      server.waitUntilStarted();
    } catch (RuntimeException e) {
      throw new SandboxException("The SQS server for region " + region + " could not start on " + host + ":"
          + port + ": " + e.getMessage(), e);
    }
    URI endpoint = URI.create("http://" + host + ":" + port);
    endpoints = ReplicationQueues.create(endpoint, region, config);
    return endpoints;
  }

  public synchronized QueueEndpoints endpoints() {
    return endpoints;
  }

  public synchronized InetSocketAddress address() {
    return new InetSocketAddress(host, endpoints.endpoint().getPort());
  }

  public synchronized boolean isRunning() {
    return server != null;
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.stopAndWait();
      server = null;
    }
  }
}
