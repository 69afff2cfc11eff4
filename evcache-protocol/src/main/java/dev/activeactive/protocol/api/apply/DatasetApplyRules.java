package dev.activeactive.protocol.api.apply;

/**
 * How removals of one dataset are applied.
 *
 * @param tombstoneTtlSeconds how long a tombstone lives (1 s to 30 days, so memcached reads it as relative); it
 *     must outlast the dataset's database replication lag, the fill hold-off, and the queue's reordering window
 * @param plainDelete delete the key instead of leaving a tombstone (for datasets without a database behind them,
 *     where neither stale refills nor late older values matter)
 */
public record DatasetApplyRules(int tombstoneTtlSeconds, boolean plainDelete) {

  /** memcached reads a larger expiry as an absolute Unix time. */
  public static final int MAX_RELATIVE_EXPIRY_SECONDS = 30 * 24 * 3600;

  /** Tombstones for 60 s. */
  public static final DatasetApplyRules DEFAULT = new DatasetApplyRules(60, false);

  /** Validates the TTL range. */
  public DatasetApplyRules {
    if (tombstoneTtlSeconds < 1 || tombstoneTtlSeconds > MAX_RELATIVE_EXPIRY_SECONDS) {
      throw new IllegalArgumentException("tombstone TTL must be 1 s to 30 days, was " + tombstoneTtlSeconds + " s");
    }
  }
}
