package dev.activeactive.examples.history;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Write timestamps for one region: microseconds since the epoch, strictly increasing within the process, and
 * ending in the region's own decimal digit.
 *
 * <p>Why the digit: Cassandra breaks a tie between two writes with the same timestamp by comparing the values,
 * while the cache breaks it by region name. Two regions that never issue the same timestamp never tie, so the
 * database and the caches of every region always agree on which write won. The cost is a resolution of 10 µs per
 * region, far below what a user can do twice to one title. Up to ten regions can be numbered this way.
 */
public final class RegionClock {

  private final int regionNumber;
  private final LongSupplier wallMicros;
  private final AtomicLong last = new AtomicLong();

  /** A clock for the region numbered {@code regionNumber} (0-9, distinct per region), on the system clock. */
  public RegionClock(int regionNumber) {
    this(regionNumber, RegionClock::systemMicros);
  }

  /** A clock on the given source of wall-clock microseconds (for tests). */
  public RegionClock(int regionNumber, LongSupplier wallMicros) {
    if (regionNumber < 0 || regionNumber > 9) {
      throw new IllegalArgumentException("a region number must be 0-9, was " + regionNumber);
    }
    this.regionNumber = regionNumber;
    this.wallMicros = wallMicros;
  }

  /** The next timestamp: at least the wall clock rounded down to 10 µs, above every earlier one, ends in the digit. */
  public long next() {
    long wall = wallMicros.getAsLong();
    long candidate = wall - Math.floorMod(wall, 10L) + regionNumber;
    // if the wall clock did not move (or went back), step on by 10 µs: the last digit stays the region's
    return last.accumulateAndGet(candidate, (previous, c) -> c > previous ? c : previous + 10);
  }

  /** The region's digit. */
  public int regionNumber() {
    return regionNumber;
  }

  private static long systemMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }
}
