package dev.activeactive.sandbox.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The immutable configuration of a sandbox; build one with {@link RegionSandbox#builder()}.
 *
 * @param regions region names; region {@code i} listens on loopback address {@code 127.0.0.(i+1)}
 * @param zonesPerRegion memcached zones per region, named by letter ({@code us-east-1a}, {@code us-east-1b}, ...)
 * @param queueName the replication queue's name in every region
 * @param maxReceiveCount receives after which the redrive policy moves a message to the dead-letter queue
 * @param visibilityTimeout the replication queue's default visibility timeout
 * @param memcachedMemoryMegabytes memory each memcached may use for items
 * @param cassandraStartTimeout how long to wait for the Cassandra cluster to serve before giving up
 * @param workDirectory where servers keep data and logs; empty means a new temporary folder, deleted on close
 * @param wan the shape of every inter-region path (queue paths and Cassandra's inter-datacenter messaging) from
 *     the start; {@link SandboxFaults#setWan} changes it later
 */
public record SandboxConfig(
    List<String> regions,
    int zonesPerRegion,
    String queueName,
    int maxReceiveCount,
    Duration visibilityTimeout,
    int memcachedMemoryMegabytes,
    Duration cassandraStartTimeout,
    Optional<Path> workDirectory,
    WanProfile wan) {

  /** The regions used when none are configured. */
  public static final List<String> DEFAULT_REGIONS = List.of("us-east-1", "us-west-2");

  /**
   * Checks every setting at once, so a bad sandbox set-up fails before any server starts: 1 to 250 distinct
   * region names of lower-case letters, digits and '-', 1 to 26 zones per region, an SQS-valid queue name, and
   * SQS's ranges for maxReceiveCount and the visibility timeout. Use {@link RegionSandbox#builder()} rather than
   * calling it directly.
   *
   * @throws IllegalArgumentException naming the first setting out of range
   */
  public SandboxConfig {
    regions = List.copyOf(regions);
    if (regions.isEmpty() || regions.size() > 250) {
      throw new IllegalArgumentException("A sandbox needs between 1 and 250 regions, got " + regions.size());
    }
    if (regions.stream().distinct().count() != regions.size()) {
      throw new IllegalArgumentException("Region names must be distinct: " + regions);
    }
    for (String region : regions) {
      if (!region.matches("[a-z0-9][a-z0-9-]{0,62}")) {
        throw new IllegalArgumentException("Region name '" + region
            + "' is not valid: use lower-case letters, digits and '-', like us-east-1");
      }
    }
    if (zonesPerRegion < 1 || zonesPerRegion > 26) {
      throw new IllegalArgumentException("zonesPerRegion must be 1..26, got " + zonesPerRegion);
    }
    Objects.requireNonNull(queueName, "queueName");
    if (!queueName.matches("[A-Za-z0-9_-]{1,70}")) {
      throw new IllegalArgumentException("Queue name '" + queueName
          + "' is not a valid SQS name: 1-70 letters, digits, '-' or '_'");
    }
    if (maxReceiveCount < 1 || maxReceiveCount > 1000) {
      throw new IllegalArgumentException("maxReceiveCount must be 1..1000 (SQS's range), got " + maxReceiveCount);
    }
    if (visibilityTimeout.isNegative() || visibilityTimeout.toSeconds() > 43_200) {
      throw new IllegalArgumentException("visibilityTimeout must be 0..12 hours (SQS's range), got " + visibilityTimeout);
    }
    if (memcachedMemoryMegabytes < 8) {
      throw new IllegalArgumentException("memcachedMemoryMegabytes must be at least 8, got " + memcachedMemoryMegabytes);
    }
    Objects.requireNonNull(cassandraStartTimeout, "cassandraStartTimeout");
    Objects.requireNonNull(workDirectory, "workDirectory");
    Objects.requireNonNull(wan, "wan");
  }

  /** The loopback address of the region at this index. */
  public String addressOf(int regionIndex) {
    return "127.0.0." + (regionIndex + 1);
  }

  /** The zone names of a region, {@code <region>a}, {@code <region>b}, ... */
  public List<String> zonesOf(String region) {
    return java.util.stream.IntStream.range(0, zonesPerRegion)
        .mapToObj(i -> region + (char) ('a' + i))
        .toList();
  }

  /** The dead-letter queue's name. */
  public String deadLetterQueueName() {
    return queueName + "-dlq";
  }
}
