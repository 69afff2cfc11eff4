package dev.activeactive.probe.api;

/**
 * The cache-aside scenario's outcome: writers in one region update the database and invalidate the cache,
 * readers in the other region fill their cache with {@code getOrLoad} from their own database replica, and after
 * the horizon every cached entry is compared with the database.
 *
 * @param keys keys written and read
 * @param writes database writes (each followed by a cache invalidation)
 * @param reads {@code getOrLoad} calls in the read region
 * @param horizonMs how long after the last write the check ran
 * @param staleAfterHorizon cached entries in the read region that differ from the database at the check; the
 *     target is 0
 * @param errors failed writes, reads or checks
 * @param durationMs the whole scenario
 */
public record CacheAsideResult(long keys, long writes, long reads, long horizonMs, long staleAfterHorizon,
    long errors, long durationMs) {}
