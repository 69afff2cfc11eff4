package dev.activeactive.evcache.api;

import java.time.Duration;
import java.util.Objects;

/**
 * An in-process cache (Caffeine) in front of memcached for one dataset. Reads that hit it cost no network round
 * trip. Local writes and deletes through this client update or drop its entries at once. Writes made by other
 * processes, in this region or another, are <b>not</b> seen until the entry expires: {@code expireAfterWrite} is
 * the staleness bound for everything not written through this client instance. Immutable.
 *
 * @param maximumSize how many entries it holds at most (Caffeine's {@code maximumSize}); at least 1
 * @param expireAfterWrite how long an entry lives after it was stored (Caffeine's {@code expireAfterWrite}), the
 *     staleness bound; positive
 */
public record NearCacheConfig(long maximumSize, Duration expireAfterWrite) {

  /** Validates. */
  public NearCacheConfig {
    Objects.requireNonNull(expireAfterWrite, "expireAfterWrite");
    if (maximumSize < 1) {
      throw new IllegalArgumentException("near cache maximumSize must be at least 1: " + maximumSize);
    }
    if (expireAfterWrite.isNegative() || expireAfterWrite.isZero()) {
      throw new IllegalArgumentException("near cache expireAfterWrite must be positive: " + expireAfterWrite);
    }
  }

  /** A near cache of at most {@code maximumSize} entries that live {@code expireAfterWrite}. */
  public static NearCacheConfig of(long maximumSize, Duration expireAfterWrite) {
    return new NearCacheConfig(maximumSize, expireAfterWrite);
  }
}
