package dev.activeactive.examples.drills;

import java.util.Arrays;
import java.util.Locale;

/** Latencies of one kind of operation: recorded in nanoseconds, summarised in milliseconds. Thread-safe. */
final class LatencyStats {

  private long[] samples = new long[256];
  private int count;

  /** Records one latency. */
  synchronized void record(long nanos) {
    if (count == samples.length) {
      samples = Arrays.copyOf(samples, count * 2);
    }
    samples[count++] = nanos;
  }

  /** The summary of what was recorded so far. */
  synchronized Summary summary() {
    long[] sorted = Arrays.copyOf(samples, count);
    Arrays.sort(sorted);
    return new Summary(count, millis(sorted, 0.50), millis(sorted, 0.99), count == 0 ? 0 : sorted[count - 1] / 1e6);
  }

  private static double millis(long[] sorted, double quantile) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }

  /**
   * A latency summary.
   *
   * @param count how many were recorded
   * @param p50 the median, ms
   * @param p99 the 99th percentile (nearest rank), ms
   * @param max the largest, ms
   */
  record Summary(int count, double p50, double p99, double max) {

    /** {@code p50/p99/max ms (n)}, for reports. */
    String text() {
      return count == 0 ? "-" : String.format(Locale.ROOT, "%.1f / %.1f / %.1f ms (n=%d)", p50, p99, max,
          count);
    }
  }
}
