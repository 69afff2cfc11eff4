package dev.activeactive.relay.service.internal.status;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The recent past: every {@code interval} the lag histogram's buckets, the operations applied and the backlog,
 * kept for {@code span}. The page's lag percentiles are over the whole span (the histogram's increase since the
 * oldest sample); each chart point's over the {@link #CHART_WINDOW} before it.
 */
final class StatusHistory implements AutoCloseable {
  /** How much lag each chart point summarises. */
  static final Duration CHART_WINDOW = Duration.ofSeconds(30);

  private record Sample(long t, LagBuckets lag, double operations, Map<String, Object> shown) {}

  private final RegionFigures figures;
  private final long spanMillis;
  private final ArrayDeque<Sample> samples = new ArrayDeque<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "relay-status-history");
    t.setDaemon(true);
    return t;
  });

  StatusHistory(RegionFigures figures, Duration interval, Duration span) {
    this.figures = figures;
    this.spanMillis = span.toMillis();
    sample(); // the first sample, before anything was applied, is the baseline of the first window
    timer.scheduleAtFixedRate(this::sample, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void sample() {
    try {
      LagBuckets lag = figures.lag();
      Map<String, Object> now = figures.now(lag);
      long t = (long) now.get("timeMillis");
      double operations = (double) now.get("operationsApplied");
      synchronized (samples) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("t", t);
        Sample before = firstSince(t - CHART_WINDOW.toMillis());
        Map<String, Object> window = RegionFigures.percentiles(before == null ? lag : lag.since(before.lag()));
        shown.put("p50", window.get("p50"));
        shown.put("p99", window.get("p99"));
        shown.put("visible", now.get("visible"));
        Sample previous = samples.peekLast();
        shown.put("rate", previous == null || t == previous.t() ? Double.NaN
            : (operations - previous.operations()) * 1000.0 / (t - previous.t()));
        samples.addLast(new Sample(t, lag, operations, shown));
        while (samples.size() > 2 && samples.peekFirst().t() < t - spanMillis) {
          samples.removeFirst();
        }
      }
    } catch (RuntimeException e) {
      // a page figure must never stop the sampling; the next sample tries again
    }
  }

  /** The oldest sample taken at or after {@code t}. */
  private Sample firstSince(long t) {
    for (Iterator<Sample> it = samples.iterator(); it.hasNext(); ) {
      Sample s = it.next();
      if (s.t() >= t) {
        return s;
      }
    }
    return samples.peekLast();
  }

  /** The lag recorded since the oldest sample kept (the whole span). */
  LagBuckets window(LagBuckets now) {
    synchronized (samples) {
      return samples.isEmpty() ? now : now.since(samples.peekFirst().lag());
    }
  }

  /** The chart's points, oldest first. */
  List<Map<String, Object>> points() {
    synchronized (samples) {
      List<Map<String, Object>> points = new ArrayList<>(samples.size());
      samples.forEach(s -> points.add(s.shown()));
      return points;
    }
  }

  /** Operations per second between the last two samples; NaN before there are two. */
  double rate() {
    synchronized (samples) {
      return samples.isEmpty() ? Double.NaN : (double) samples.peekLast().shown().get("rate");
    }
  }

  /** How long the page's percentiles reach back, in seconds. */
  double windowSeconds() {
    synchronized (samples) {
      return samples.isEmpty() ? 0 : (samples.peekLast().t() - samples.peekFirst().t()) / 1000.0;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
