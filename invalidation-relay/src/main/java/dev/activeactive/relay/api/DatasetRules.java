package dev.activeactive.relay.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How the relay treats invalidations and deletes of one dataset.
 *
 * @param tombstoneTtl how long a tombstone keeps older values and stale refills out; it must outlast the
 *     replication lag of the dataset's database and the reordering window of the queue. Use the same value as
 *     the client's dataset configuration.
 * @param plainDelete delete the key instead of leaving a tombstone; for datasets with no database behind
 *     them, where a stale refill cannot happen and ordering does not matter
 */
public record DatasetRules(Duration tombstoneTtl, boolean plainDelete) {
  /** Tombstones for 60 s; no plain deletes. */
  public static final DatasetRules DEFAULT = new DatasetRules(Duration.ofSeconds(60), false);

  public DatasetRules {
    Objects.requireNonNull(tombstoneTtl, "tombstoneTtl");
    if (tombstoneTtl.toSeconds() < 1 || tombstoneTtl.toDays() > 30) {
      throw new IllegalArgumentException("tombstoneTtl must be between 1 s and 30 days (memcached reads a larger"
          + " relative expiry as an absolute time), got " + tombstoneTtl);
    }
  }
}
