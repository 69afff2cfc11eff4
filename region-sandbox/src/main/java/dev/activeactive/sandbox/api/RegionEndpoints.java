package dev.activeactive.sandbox.api;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a service in one region may talk to: its own zones' memcached servers, its own SQS queue, its
 * own Cassandra datacenter, and, for publishing to the other regions, the path to each other region's queue.
 *
 * <p>Servers of a region listen on the region's own loopback address ({@link #address()}), so that the
 * topology looks like separate hosts.
 *
 * @param name the region's name, for example {@code us-east-1}
 * @param address the loopback address every server of this region listens on
 * @param zones the region's zones, each with one memcached server
 * @param sqs the region's SQS endpoint and queues, or null when SQS is not running
 * @param cassandra the region's Cassandra node, or null when Cassandra is not running
 * @param queuePathsFrom for each other region, the endpoint that region uses to reach this region's SQS;
 *     it crosses a fault proxy, so a partition between the two regions cuts it
 */
public record RegionEndpoints(
    String name,
    String address,
    List<ZoneEndpoint> zones,
    QueueEndpoints sqs,
    CassandraEndpoint cassandra,
    Map<String, URI> queuePathsFrom) {

  /**
   * Built by the sandbox for each region it starts; name and address are required, and the zone list and queue
   * paths are copied, so the value stays as it was when the sandbox came up.
   */
  public RegionEndpoints {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(address, "address");
    zones = List.copyOf(zones);
    queuePathsFrom = Map.copyOf(queuePathsFrom);
  }

  /** The zone with this name. */
  public ZoneEndpoint zone(String zoneName) {
    return zones.stream()
        .filter(z -> z.name().equals(zoneName))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "Region " + name + " has no zone '" + zoneName + "'; its zones are "
                + zones.stream().map(ZoneEndpoint::name).toList()));
  }

  /** This region's queues; fails with a clear message when SQS was not started. */
  public QueueEndpoints queues() {
    if (sqs == null) {
      throw new SandboxException("SQS is not running in region " + name
          + "; require SandboxComponent.SQS before asking for its queues");
    }
    return sqs;
  }

  /** This region's Cassandra node, when Cassandra runs. */
  public Optional<CassandraEndpoint> cassandraNode() {
    return Optional.ofNullable(cassandra);
  }

  /**
   * The SQS endpoint that a client in {@code fromRegion} uses to reach this region's queue. For this region
   * itself it is the direct endpoint; for another region it is the fault proxy on the path between them.
   */
  public URI queueEndpointFrom(String fromRegion) {
    if (fromRegion.equals(name)) {
      return queues().endpoint();
    }
    URI path = queuePathsFrom.get(fromRegion);
    if (path == null) {
      throw new IllegalArgumentException("No queue path from region '" + fromRegion + "' to " + name
          + "; known regions are " + queuePathsFrom.keySet());
    }
    return path;
  }
}
