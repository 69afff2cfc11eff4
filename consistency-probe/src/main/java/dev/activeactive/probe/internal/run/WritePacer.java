package dev.activeactive.probe.internal.run;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Paces the writer so that reads at the delay can be issued on time. A write now becomes a read one delay later,
 * so the reader's lateness shows a too-high write rate only after the delay: waiting while the reader is behind
 * (as before) lets a whole delay's worth of excess writes through each time, and all their reads are late.
 *
 * <p>So the pacer adapts a rate, as TCP does its window: it starts at {@value #START_RATE} writes per second (or
 * the user's cap, if lower) and grows by a quarter after each second without a cut-worthy delay, up to the user's
 * cap; when the reader falls behind, the rate drops to 70 % of what was written over the last second, at most
 * once per hold-off (one delay plus a second, the time it takes a cut to show).
 */
final class WritePacer {
  /** How late the reader may be before writes wait for it. */
  static final long BEHIND_NANOS = TimeUnit.MILLISECONDS.toNanos(3);
  /**
   * How late the reader must be before the rate is cut: nearer the on-time tolerance than the wait threshold, so
   * that a few milliseconds of CPU starvation (which a lower rate would not cure) only make writes wait.
   */
  static final long CUT_NANOS = TimeUnit.MILLISECONDS.toNanos(8);
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  private static final double MIN_RATE = 20;
  static final int START_RATE = 500;

  private final double maxRate;
  private final long holdOffNanos;
  private final LongSupplier readerLatenessNanos;
  private double rate;
  private long nextWriteNanos;
  private long lastCutNanos = Long.MIN_VALUE / 2;
  private long windowStartNanos;
  private long windowWrites;
  private double lastWindowWriteRate;
  private boolean behindInWindow;

  /**
   * @param maxRate the user's cap in writes per second; 0 for none
   * @param delayNanos the read delay (how long a rate change takes to show at the reader)
   * @param readerLatenessNanos how late the reader is now (0 when on time)
   */
  WritePacer(int maxRate, long delayNanos, LongSupplier readerLatenessNanos) {
    this.maxRate = maxRate == 0 ? Double.POSITIVE_INFINITY : maxRate;
    this.rate = Math.min(this.maxRate, START_RATE);
    this.holdOffNanos = delayNanos + SECOND;
    this.readerLatenessNanos = readerLatenessNanos;
    long now = System.nanoTime();
    this.nextWriteNanos = now;
    this.windowStartNanos = now;
  }

  /** Blocks until the next write may go. Called by the single writer thread. */
  void awaitTurn() {
    long now = System.nanoTime();
    window(now);
    long lateness;
    while ((lateness = readerLatenessNanos.getAsLong()) > BEHIND_NANOS) {
      // only lateness that calls for a cut stops the growth: on a busy machine the reader is often a few ms
      // behind for want of CPU, and a rate that never grew again after one cut was what the first 1M run hit
      behindInWindow |= lateness > CUT_NANOS;
      if (lateness > CUT_NANOS && now - lastCutNanos > holdOffNanos && lastWindowWriteRate > 0) {
        rate = Math.max(MIN_RATE, Math.min(rate, lastWindowWriteRate) * 0.7);
        lastCutNanos = now;
      }
      LockSupport.parkNanos(BEHIND_NANOS / 3);
      now = System.nanoTime();
      nextWriteNanos = Math.max(nextWriteNanos, now);
      window(now);
    }
    windowWrites++;
    if (rate < 1e7) {
      long wait = nextWriteNanos - now;
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      // no catching up after a pause: a burst is what made the reader late
      nextWriteNanos = Math.max(nextWriteNanos, System.nanoTime() - SECOND / 100) + (long) (1e9 / rate);
    }
  }

  /** The current write rate limit, writes per second (infinite when not limited). */
  double rate() {
    return rate;
  }

  private void window(long now) {
    if (now - windowStartNanos < SECOND) {
      return;
    }
    lastWindowWriteRate = windowWrites * 1e9 / (now - windowStartNanos);
    if (!behindInWindow) {
      rate = Math.min(maxRate, rate * 1.25);
    }
    behindInWindow = false;
    windowStartNanos = now;
    windowWrites = 0;
  }
}
