package dev.activeactive.sandbox.api;

/**
 * One server of the sandbox as {@code ./sandbox status} shows it.
 *
 * @param region the region it belongs to
 * @param kind what it is: {@code memcached}, {@code sqs}, {@code cassandra}, {@code queue-path},
 *     {@code cassandra-paths} (every path between Cassandra datacenters; region {@code *})
 * @param name a name unique within the sandbox, for example {@code memcached us-east-1a}
 * @param address where it listens
 * @param state {@code up}, {@code down}, {@code paused}, {@code partitioned (reset)},
 *     {@code partitioned (blackhole)}, or {@code not started}
 */
public record ServerStatus(String region, String kind, String name, String address, String state) {
  /**
   * True only in state {@code up}: paused, partitioned and not-started servers count as not up, which is what
   * {@code ./sandbox status} exits 1 on.
   */
  public boolean isUp() {
    return "up".equals(state);
  }
}
