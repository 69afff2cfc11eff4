package dev.activeactive.relay.api;

import java.util.List;
import java.util.Objects;

/**
 * One zone of the relay's region: a name and the memcached servers that hold that zone's copy of the cache
 * (keys are spread over them by ketama consistent hashing, as the client does).
 *
 * @param name the zone's name, for example {@code us-west-2a}
 * @param servers memcached servers as {@code host:port}
 */
public record ZoneConfig(String name, List<String> servers) {
  /**
   * Checks the zone at configuration time, rather than when the first message cannot be applied; the server list
   * is copied.
   *
   * @throws IllegalArgumentException when the zone has no server or a server is not {@code host:port}
   */
  public ZoneConfig {
    Objects.requireNonNull(name, "name");
    servers = List.copyOf(servers);
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("Zone " + name + " has no memcached servers; list at least one host:port");
    }
    for (String server : servers) {
      int colon = server.lastIndexOf(':');
      if (colon <= 0 || colon == server.length() - 1 || !server.substring(colon + 1).chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException("Zone " + name + ": '" + server + "' is not host:port");
      }
    }
  }
}
