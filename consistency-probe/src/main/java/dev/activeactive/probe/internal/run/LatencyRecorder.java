package dev.activeactive.probe.internal.run;

import dev.activeactive.probe.api.ProbeResult.Percentiles;
import java.time.Duration;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** Operation latencies in microseconds, thread-safe, summarised in milliseconds. */
public final class LatencyRecorder {
  private final Histogram histogram = new ConcurrentHistogram(Duration.ofMinutes(5).toNanos() / 1_000, 3);

  public void record(long nanos) {
    histogram.recordValue(Math.min(histogram.getHighestTrackableValue(), Math.max(0, nanos / 1_000)));
  }

  public long count() {
    return histogram.getTotalCount();
  }

  public Percentiles percentiles() {
    return percentilesOf(histogram);
  }

  static Percentiles percentilesOf(Histogram h) {
    if (h.getTotalCount() == 0) {
      return new Percentiles(0, 0, 0, 0, 0);
    }
    return new Percentiles(ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)),
        ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()));
  }

  private static double ms(long micros) {
    return micros / 1000.0;
  }
}
