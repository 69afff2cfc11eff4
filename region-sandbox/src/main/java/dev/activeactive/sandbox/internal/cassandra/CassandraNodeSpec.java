package dev.activeactive.sandbox.internal.cassandra;

import java.util.Objects;

/**
 * One Cassandra node of the sandbox: the datacenter it belongs to (the emulated region's name), its rack
 * (the region's first zone) and the loopback address it listens on, both for other nodes and for clients.
 *
 * @param datacenter datacenter name, e.g. {@code us-east-1}; one node per datacenter
 * @param rack rack name, e.g. {@code us-east-1a}
 * @param address a literal IPv4 loopback address such as {@code 127.0.0.2}
 */
public record CassandraNodeSpec(String datacenter, String rack, String address) {
  public CassandraNodeSpec {
    Objects.requireNonNull(datacenter, "datacenter");
    Objects.requireNonNull(rack, "rack");
    Objects.requireNonNull(address, "address");
    if (datacenter.isBlank() || rack.isBlank()) {
      throw new IllegalArgumentException("datacenter and rack must not be blank");
    }
  }
}
