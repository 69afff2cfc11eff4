package dev.activeactive.sandbox.api;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One availability zone of a region: its name (for example {@code us-east-1a}) and the memcached server that
 * holds that zone's copy of the cache.
 */
public record ZoneEndpoint(String name, InetSocketAddress memcached) {
  /** Built by the sandbox for each zone's memcached; both parts are required (null is refused). */
  public ZoneEndpoint {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(memcached, "memcached");
  }

  /** The memcached address as {@code host:port}, the form spymemcached's address parser takes. */
  public String memcachedHostPort() {
    return memcached.getHostString() + ":" + memcached.getPort();
  }
}
