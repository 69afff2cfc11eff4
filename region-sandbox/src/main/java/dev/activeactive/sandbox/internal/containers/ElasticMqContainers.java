package dev.activeactive.sandbox.internal.containers;

import dev.activeactive.sandbox.api.QueueEndpoints;
import dev.activeactive.sandbox.api.SandboxConfig;
import dev.activeactive.sandbox.api.SandboxException;
import dev.activeactive.sandbox.api.ServerStatus;
import dev.activeactive.sandbox.internal.net.QueuePaths;
import dev.activeactive.sandbox.internal.net.TcpProxy;
import dev.activeactive.sandbox.internal.sqs.ReplicationQueues;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * One ElasticMQ container per region holding the replication queue and its dead-letter queue, and the queue
 * paths between regions: for each ordered pair (A, B) a {@link TcpProxy} in this JVM in front of B's published
 * SQS port, which A's publishers use, so that partition and latency work exactly as with the process backend.
 */
final class ElasticMqContainers implements AutoCloseable {
  /** The native build of the ElasticMQ version the process backend embeds (see the parent pom). */
  static final DockerImageName IMAGE = DockerImageName.parse("softwaremill/elasticmq-native:1.7.1");
  private static final int SQS_PORT = 9324;
  private static final String CONFIG_PATH = "/opt/elasticmq.conf";
  // proxies listen on the plain loopback address, which every OS has (127.0.0.2 needs an alias on macOS)
  private static final String PROXY_ADDRESS = "127.0.0.1";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final SandboxConfig config;
  private final Map<String, Server> servers = new LinkedHashMap<>();
  private final QueuePaths paths = new QueuePaths();
  private final Map<String, QueueEndpoints> queues = new LinkedHashMap<>();

  /** One region's SQS server and its endpoint on the Docker host. */
  private record Server(SandboxContainer container, URI endpoint) {}

  ElasticMqContainers(SandboxConfig config, String dockerHost, HostPorts ports) {
    this.config = config;
    for (String region : config.regions()) {
      int hostPort = ports.next();
      URI endpoint = URI.create("http://" + dockerHost + ":" + hostPort);
      SandboxContainer container = new SandboxContainer(IMAGE, "sqs " + region)
          .withHostPort(hostPort, SQS_PORT)
          .withCopyToContainer(Transferable.of(configFile(region, dockerHost, hostPort)), CONFIG_PATH)
          .waitingFor(new ProbeWaitStrategy("sqs " + region, () -> Readiness.sqsAnswers(endpoint, region)))
          .withStartupTimeout(READY_TIMEOUT);
      servers.put(region, new Server(container, endpoint));
    }
  }

  /**
   * ElasticMQ's configuration: queue URLs carry the host-mapped address (as the in-process server's carry its
   * own), SQS's strict limits apply, and ARNs name the sandbox region.
   */
  static String configFile(String region, String dockerHost, int hostPort) {
    return String.join("\n",
        "include classpath(\"application.conf\")",
        "node-address {",
        "  protocol = http",
        "  host = \"" + dockerHost + "\"",
        "  port = " + hostPort,
        "  context-path = \"\"",
        "}",
        "generate-node-address = false",
        "rest-sqs {",
        "  enabled = true",
        "  bind-port = " + SQS_PORT,
        "  bind-hostname = \"0.0.0.0\"",
        "  sqs-limits = strict",
        "}",
        "rest-stats {",
        "  enabled = false",
        "}",
        "aws {",
        "  region = \"" + region + "\"",
        "}",
        "");
  }

  /** Starts every region's server, creates its queues, and opens the paths; on failure removes all of it. */
  void start() {
    try {
      SandboxContainer.startAll(servers.values().stream().map(Server::container).toList());
      servers.forEach((region, server) -> queues.put(region,
          ReplicationQueues.create(server.endpoint(), region, config)));
      for (String from : config.regions()) {
        for (String to : config.regions()) {
          if (!from.equals(to)) {
            URI target = servers.get(to).endpoint();
            paths.open(from, to, PROXY_ADDRESS, new InetSocketAddress(target.getHost(), target.getPort()));
          }
        }
      }
    } catch (IOException e) {
      close();
      throw new SandboxException("Could not open the queue paths between regions: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  QueueEndpoints queues(String region) {
    return queues.get(region);
  }

  /** For each other region, the endpoint it uses to reach {@code region}'s queue. */
  Map<String, URI> pathsTo(String region) {
    return paths.pathsTo(region);
  }

  TcpProxy path(String fromRegion, String toRegion) {
    return paths.path(fromRegion, toRegion);
  }

  List<TcpProxy> paths() {
    return paths.all();
  }

  List<ServerStatus> status() {
    List<ServerStatus> out = new ArrayList<>();
    servers.forEach((region, server) -> out.add(new ServerStatus(region, "sqs", "sqs " + region,
        server.endpoint().getAuthority(), server.container().isServing() ? "up" : "down")));
    out.addAll(paths.status());
    return out;
  }

  @Override
  public void close() {
    paths.close();
    servers.values().forEach(s -> s.container().remove());
  }
}
