package dev.activeactive.evcache.api;

import java.util.List;
import java.util.Objects;

/**
 * One zone of the local region: a name and its memcached servers. Inside a zone keys are spread over the servers
 * with consistent hashing (ketama), so adding or removing a server moves only about 1/n of the keys. Every zone
 * holds a full copy of the cache. Immutable.
 *
 * @param name the zone's name, for example {@code us-east-1a} (used in meters and messages)
 * @param servers the zone's memcached servers as {@code host:port}, at least one
 */
public record ZoneConfig(String name, List<String> servers) {

  /** Validates and copies. */
  public ZoneConfig {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a zone needs a name");
    }
    servers = List.copyOf(Objects.requireNonNull(servers, "servers"));
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("zone '" + name + "' needs at least one memcached server");
    }
    for (String server : servers) {
      int colon = server.lastIndexOf(':');
      if (colon <= 0 || colon == server.length() - 1) {
        throw new IllegalArgumentException("zone '" + name + "': memcached server '" + server
            + "' is not host:port");
      }
    }
  }

  /** A zone with the given servers ({@code host:port}). */
  public static ZoneConfig of(String name, String... servers) {
    return new ZoneConfig(name, List.of(servers));
  }
}
