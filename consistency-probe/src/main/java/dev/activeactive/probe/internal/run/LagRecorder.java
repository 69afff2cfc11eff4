package dev.activeactive.probe.internal.run;

import dev.activeactive.probe.api.ProbeResult.CurvePoint;
import dev.activeactive.probe.api.ProbeResult.HistogramBucket;
import dev.activeactive.probe.api.ProbeResult.Percentiles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Visibility lags of the sampled records: the time from a write's acknowledgement to the start of the first read
 * in the other region that saw it. From them, P(visible at t) is the fraction of samples with lag at most t
 * (t-visibility, as in Probabilistically Bounded Staleness). Samples never seen within the horizon count in the
 * denominator but in no point of the curve.
 */
public final class LagRecorder {
  private static final long HIGHEST_MICROS = Duration.ofMinutes(10).toNanos() / 1_000;

  private final Histogram lags = new ConcurrentHistogram(HIGHEST_MICROS, 3);
  private final java.util.concurrent.atomic.LongAdder neverVisible = new java.util.concurrent.atomic.LongAdder();

  /** A sampled record became visible {@code lagNanos} after its acknowledgement (negative counts as 0). */
  public void visibleAfter(long lagNanos) {
    lags.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, lagNanos / 1_000)));
  }

  /** A sampled record was still not visible at the horizon. */
  public void notVisibleWithinHorizon() {
    neverVisible.increment();
  }

  public long samples() {
    return lags.getTotalCount() + neverVisible.sum();
  }

  public long neverVisible() {
    return neverVisible.sum();
  }

  /** Lag percentiles over the samples that became visible; zeros when none did. */
  public Percentiles percentiles() {
    return LatencyRecorder.percentilesOf(lags);
  }

  /** P(visible at t) for each t. */
  public List<CurvePoint> curve(List<Duration> points) {
    long total = samples();
    List<CurvePoint> curve = new ArrayList<>();
    for (Duration t : points) {
      long micros = t.toNanos() / 1_000;
      long within = micros >= lags.getMaxValue() ? lags.getTotalCount() : countAtOrBelow(micros);
      curve.add(new CurvePoint(t.toMillis(), total == 0 ? 0 : (double) within / total));
    }
    return curve;
  }

  private long countAtOrBelow(long micros) {
    // HdrHistogram's equivalent-value ranges make this exact to its 3 significant digits
    return lags.getCountBetweenValues(0, micros);
  }

  /** The lag distribution in up to {@code buckets} linear buckets, for a chart. */
  public List<HistogramBucket> histogram(int buckets) {
    List<HistogramBucket> out = new ArrayList<>();
    if (lags.getTotalCount() == 0) {
      return out;
    }
    long max = Math.max(1, lags.getMaxValue());
    long width = Math.max(1, (max + buckets - 1) / buckets);
    for (long low = 0; low <= max; low += width) {
      long high = low + width - 1;
      out.add(new HistogramBucket((high + 1) / 1000.0, lags.getCountBetweenValues(low, high)));
    }
    return out;
  }
}
