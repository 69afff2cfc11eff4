package dev.activeactive.examples.sandbox;

import dev.activeactive.evcache.api.RemoteRegion;
import dev.activeactive.examples.region.RegionSettings;
import dev.activeactive.sandbox.api.CassandraEndpoint;
import dev.activeactive.sandbox.api.RegionEndpoints;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.SandboxAws;
import dev.activeactive.sandbox.api.SandboxException;
import dev.activeactive.sandbox.api.ZoneEndpoint;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Turns the sandbox's endpoints into a region's {@link RegionSettings}: the region's own zones, queue and
 * Cassandra node, and the other regions' queues reached through the sandbox's fault proxies (so that the drills
 * can cut or slow the path between the regions).
 */
public final class SandboxRegions {

  private SandboxRegions() {}

  /**
   * Settings for {@code region} of {@code sandbox}, whose memcached, SQS and Cassandra must run.
   *
   * @param httpPort the HTTP API's port on the region's own address (0 picks a free one)
   * @param keyspace the Cassandra keyspace
   */
  public static RegionSettings settings(RegionSandbox sandbox, String region, int httpPort, String keyspace) {
    List<String> regions = sandbox.regionNames();
    RegionEndpoints endpoints = sandbox.region(region);
    CassandraEndpoint cassandra = endpoints.cassandraNode().orElseThrow(() -> new SandboxException(
        "Cassandra does not run in region " + region + "; require SandboxComponent.CASSANDRA first"));
    RegionSettings.Builder builder = RegionSettings.builder(region)
        .regionNumber(regions.indexOf(region))
        .queue(endpoints.queues().queueUrl(), endpoints.queues().endpoint(), endpoints.queues().awsRegion())
        .cassandra(cassandra.contactPoint())
        .keyspace(keyspace)
        .http(new InetSocketAddress(endpoints.address(), httpPort))
        .credentials(SandboxAws.credentials());
    for (ZoneEndpoint zone : endpoints.zones()) {
      builder.zone(zone.name(), zone.memcachedHostPort());
    }
    for (String other : regions) {
      if (!other.equals(region)) {
        RegionEndpoints remote = sandbox.region(other);
        builder.remoteRegion(RemoteRegion.of(other, remote.queues().queueUrl(), remote.queueEndpointFrom(region))
            .withAwsRegion(remote.queues().awsRegion()));
      }
    }
    return builder.build();
  }
}
