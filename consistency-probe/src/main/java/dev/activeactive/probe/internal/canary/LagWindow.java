package dev.activeactive.probe.internal.canary;

import java.time.Duration;

/** The lags of the last {@value #SIZE} samples (never visible: MAX_VALUE), for P(visible at t) now. */
final class LagWindow {
  static final int SIZE = 1000;
  private final long[] lags = new long[SIZE];
  private int next;
  private int filled;

  synchronized void add(long lagNanos) {
    lags[next] = lagNanos;
    next = (next + 1) % SIZE;
    filled = Math.min(SIZE, filled + 1);
  }

  /** The share of the window's samples visible within {@code t}; NaN before the first sample. */
  synchronized double visibleWithin(Duration t) {
    if (filled == 0) {
      return Double.NaN;
    }
    long bound = t.toNanos();
    int within = 0;
    for (int i = 0; i < filled; i++) {
      if (lags[i] <= bound) {
        within++;
      }
    }
    return within / (double) filled;
  }
}
