package dev.activeactive.dualwrite.internal.write;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Write timestamps in microseconds that follow a wall clock but never repeat nor go backwards, even when the
 * wall clock steps back: two writes of the same cell from this process are then always ordered as issued.
 */
public final class MonotonicMicrosClock implements LongSupplier {
  private final Clock clock;
  private final AtomicLong last = new AtomicLong(Long.MIN_VALUE);

  public MonotonicMicrosClock() {
    this(Clock.systemUTC());
  }

  public MonotonicMicrosClock(Clock clock) {
    this.clock = clock;
  }

  @Override
  public long getAsLong() {
    Instant now = clock.instant();
    long wall = Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1_000);
    return last.accumulateAndGet(wall, (previous, candidate) -> Math.max(previous + 1, candidate));
  }
}
