package dev.activeactive.sandbox.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A region's endpoints and credentials as environment variables, so that a service can run against the sandbox
 * without reading {@code .sandbox/endpoints.properties}: {@code ./sandbox env us-east-1} prints them, and
 * {@link #of(SandboxTopology, String)} gives them to a program that starts the service itself.
 *
 * <p>The {@code AWS_*} variables are the AWS SDK's own: an SDK v2 client built with the default providers
 * ({@code SqsAsyncClient.create()}) signs with the sandbox's placeholder credentials and sends to the region's
 * own SQS server with no code at all ({@code AWS_ENDPOINT_URL_SQS}, the SDK's service-specific endpoint
 * variable). The {@code ACTIVEACTIVE_*} and {@code CASSANDRA_*} variables name this project's settings; a zone or
 * region name in a variable's name is upper-cased with {@code -} as {@code _}, as the shell requires:
 *
 * <table>
 *   <caption>Variables</caption>
 *   <tr><th>variable</th><th>value</th></tr>
 *   <tr><td>{@code AWS_REGION}</td><td>the signing region of the region's SQS (the region's name)</td></tr>
 *   <tr><td>{@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}</td><td>the placeholders the sandbox's SQS
 *       accepts ({@link SandboxAws#credentials()})</td></tr>
 *   <tr><td>{@code AWS_ENDPOINT_URL_SQS}</td><td>the region's own SQS endpoint</td></tr>
 *   <tr><td>{@code ACTIVEACTIVE_REGION}</td><td>the region's name</td></tr>
 *   <tr><td>{@code ACTIVEACTIVE_ZONES}</td><td>the region's zones, comma-separated, each {@code name=host:port}
 *       of its memcached server</td></tr>
 *   <tr><td>{@code ACTIVEACTIVE_ZONE_<ZONE>}</td><td>one zone's memcached {@code host:port}</td></tr>
 *   <tr><td>{@code ACTIVEACTIVE_QUEUE_URL}</td><td>the region's replication queue, which its relay drains</td></tr>
 *   <tr><td>{@code ACTIVEACTIVE_DEAD_LETTER_QUEUE_URL}</td><td>that queue's dead-letter queue</td></tr>
 *   <tr><td>{@code ACTIVEACTIVE_REMOTE_REGIONS}</td><td>the other regions, comma-separated</td></tr>
 *   <tr><td>{@code ACTIVEACTIVE_REMOTE_<REGION>_QUEUE_URL}</td><td>that region's replication queue, where this
 *       region publishes</td></tr>
 *   <tr><td>{@code ACTIVEACTIVE_REMOTE_<REGION>_SQS_ENDPOINT}</td><td>the endpoint this region reaches that
 *       queue through: the path between the regions, which the WAN profile delays and a partition cuts</td></tr>
 *   <tr><td>{@code CASSANDRA_CONTACT_POINTS}</td><td>the region's Cassandra node, {@code host:port} (only when
 *       Cassandra runs)</td></tr>
 *   <tr><td>{@code CASSANDRA_LOCAL_DATACENTER}</td><td>its datacenter (only when Cassandra runs)</td></tr>
 * </table>
 */
public final class SandboxEnvironment {
  private SandboxEnvironment() {}

  /**
   * The variables for {@code region}, in the order of the table above.
   *
   * @throws IllegalArgumentException naming the sandbox's regions when it has no region of that name
   * @throws SandboxException when SQS does not run in the sandbox
   */
  public static Map<String, String> of(SandboxTopology topology, String region) {
    RegionEndpoints own = topology.region(region);
    QueueEndpoints queues = own.queues();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AWS_REGION", queues.awsRegion());
    env.put("AWS_ACCESS_KEY_ID", SandboxAws.credentials().resolveCredentials().accessKeyId());
    env.put("AWS_SECRET_ACCESS_KEY", SandboxAws.credentials().resolveCredentials().secretAccessKey());
    env.put("AWS_ENDPOINT_URL_SQS", queues.endpoint().toString());
    env.put("ACTIVEACTIVE_REGION", own.name());
    env.put("ACTIVEACTIVE_ZONES", String.join(",",
        own.zones().stream().map(z -> z.name() + "=" + z.memcachedHostPort()).toList()));
    for (ZoneEndpoint zone : own.zones()) {
      env.put("ACTIVEACTIVE_ZONE_" + variablePart(zone.name()), zone.memcachedHostPort());
    }
    env.put("ACTIVEACTIVE_QUEUE_URL", queues.queueUrl());
    env.put("ACTIVEACTIVE_DEAD_LETTER_QUEUE_URL", queues.deadLetterQueueUrl());
    var remotes = topology.regionNames().stream().filter(r -> !r.equals(region)).toList();
    env.put("ACTIVEACTIVE_REMOTE_REGIONS", String.join(",", remotes));
    for (String remote : remotes) {
      RegionEndpoints other = topology.region(remote);
      env.put("ACTIVEACTIVE_REMOTE_" + variablePart(remote) + "_QUEUE_URL", other.queues().queueUrl());
      env.put("ACTIVEACTIVE_REMOTE_" + variablePart(remote) + "_SQS_ENDPOINT",
          other.queueEndpointFrom(region).toString());
    }
    own.cassandraNode().ifPresent(c -> {
      env.put("CASSANDRA_CONTACT_POINTS", c.contactPoint().getHostString() + ":" + c.contactPoint().getPort());
      env.put("CASSANDRA_LOCAL_DATACENTER", c.datacenter());
    });
    return Collections.unmodifiableMap(env);
  }

  /** A zone or region name as part of a variable name: {@code us-east-1a} becomes {@code US_EAST_1A}. */
  public static String variablePart(String name) {
    return name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }
}
