package dev.activeactive.probe.internal.canary;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The canary's meters for one path ({@code path} tag: {@code cassandra}, {@code cache-invalidate}, ...). Names
 * as Prometheus shows them; docs/consistency-probe.md lists every series.
 *
 * <ul>
 *   <li>{@code probe_writes_total}, {@code probe_errors_total}
 *   <li>{@code probe_reads_at_delay_total{outcome=visible|missing|late}}: reads at the delay; late ones (issued
 *       after the tolerance) prove nothing about the delay
 *   <li>{@code probe_on_time_ratio}: on-time reads over all reads at the delay, since the start
 *   <li>{@code probe_visibility_lag_seconds} (histogram, buckets at the curve's t values): acknowledgement to the
 *       first read in the other region that saw the record, over the sampled records
 *   <li>{@code probe_visible_at_ratio{t_ms}}: P(visible at t) over the last {@value LagWindow#SIZE} samples
 *   <li>{@code probe_missed_records_total{outcome=became_visible|never_visible}} and
 *       {@code probe_missed_record_lag_seconds}: the follow-up of records missing at the delay
 * </ul>
 */
final class CanaryMetrics {
  final Counter writes;
  final Counter errors;
  final Counter visible;
  final Counter missing;
  final Counter late;
  final Timer lag;
  final Counter missedBecameVisible;
  final Counter missedNeverVisible;
  final Timer missedLag;
  final LagWindow window = new LagWindow();

  CanaryMetrics(MeterRegistry registry, String path, List<Duration> curvePoints, Duration horizon) {
    writes = Counter.builder("probe.writes").tag("path", path).description("records written").register(registry);
    errors = Counter.builder("probe.errors").tag("path", path).description("failed writes and reads")
        .register(registry);
    visible = reads(registry, path, "visible");
    missing = reads(registry, path, "missing");
    late = reads(registry, path, "late");
    Gauge.builder("probe.on.time.ratio", this, m -> {
      double all = m.visible.count() + m.missing.count() + m.late.count();
      return all == 0 ? 1 : (m.visible.count() + m.missing.count()) / all;
    }).tag("path", path).description("reads at the delay issued on time, share of all").register(registry);
    lag = Timer.builder("probe.visibility.lag").tag("path", path)
        .description("acknowledgement to first read in the other region that saw the record (sampled records)")
        .serviceLevelObjectives(curvePoints.stream().filter(d -> !d.isZero()).toArray(Duration[]::new))
        .maximumExpectedValue(horizon).register(registry);
    for (Duration t : curvePoints) {
      Gauge.builder("probe.visible.at.ratio", window, w -> w.visibleWithin(t)).tag("path", path)
          .tag("t_ms", Long.toString(t.toMillis())).description("P(visible at t) over the last samples")
          .register(registry);
    }
    missedBecameVisible = Counter.builder("probe.missed.records").tag("path", path)
        .tag("outcome", "became_visible").register(registry);
    missedNeverVisible = Counter.builder("probe.missed.records").tag("path", path)
        .tag("outcome", "never_visible").register(registry);
    missedLag = Timer.builder("probe.missed.record.lag").tag("path", path)
        .description("eventual lag of records missing at the delay").register(registry);
  }

  private static Counter reads(MeterRegistry registry, String path, String outcome) {
    return Counter.builder("probe.reads.at.delay").tag("path", path).tag("outcome", outcome)
        .description("reads at the delay by outcome").register(registry);
  }

  void sampleVisible(long lagNanos) {
    lag.record(Math.max(0, lagNanos), TimeUnit.NANOSECONDS);
    window.add(lagNanos);
  }

  void sampleNeverVisible() {
    window.add(Long.MAX_VALUE);
  }
}
