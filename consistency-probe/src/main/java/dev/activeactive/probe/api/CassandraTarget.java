package dev.activeactive.probe.api;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the Cassandra experiment connects: contact points in the write and the read datacenter, and the
 * credentials when the cluster needs them. Each side uses its own datacenter only.
 *
 * @param writeContactPoints nodes of the write region's datacenter
 * @param readContactPoints nodes of the read region's datacenter
 * @param username for PlainTextAuthProvider, when the cluster requires authentication
 * @param password its password
 * @param replicationFactor replicas per datacenter when the probe creates its keyspace (1 in the sandbox,
 *     usually 3 in production)
 */
public record CassandraTarget(
    List<InetSocketAddress> writeContactPoints,
    List<InetSocketAddress> readContactPoints,
    Optional<String> username,
    Optional<String> password,
    int replicationFactor) {

  public CassandraTarget {
    writeContactPoints = List.copyOf(writeContactPoints);
    readContactPoints = List.copyOf(readContactPoints);
    if (writeContactPoints.isEmpty() || readContactPoints.isEmpty()) {
      throw new IllegalArgumentException("Give at least one contact point for the write and the read datacenter");
    }
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    if (username.isPresent() != password.isPresent()) {
      throw new IllegalArgumentException("Give both a username and a password, or neither");
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException("replicationFactor must be at least 1, got " + replicationFactor);
    }
  }
}
