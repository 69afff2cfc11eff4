package dev.activeactive.sandbox.api;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A region's Cassandra node: the CQL contact point and the name of its datacenter, which is the region's
 * name. Give both to the driver ({@code addContactPoint} and {@code withLocalDatacenter}).
 */
public record CassandraEndpoint(InetSocketAddress contactPoint, String datacenter) {
  /** Built by the sandbox for each datacenter it starts; both parts are required (null is refused). */
  public CassandraEndpoint {
    Objects.requireNonNull(contactPoint, "contactPoint");
    Objects.requireNonNull(datacenter, "datacenter");
  }
}
