package dev.activeactive.probe.internal.canary;

import dev.activeactive.probe.api.ProbeConfig;
import dev.activeactive.probe.internal.store.ExperimentStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./probe --continuous}: the experiment as a canary. Each path writes a record at a low fixed rate for as
 * long as it runs, reads each in the other region at the delay, samples the visibility lag, and exports it all
 * on {@code /metrics} for Prometheus: probabilistically bounded staleness, measured all the time instead of once.
 */
public final class CanaryRunner implements AutoCloseable {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final List<CanaryPath> paths = new ArrayList<>();
  private final MetricsServer server;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Duration delay;

  /**
   * @param stores one per path; each is prepared and closed by the runner
   * @param ratePerSecond records written per second on each path
   * @param sampleEvery every how many records one is polled for its lag
   */
  public CanaryRunner(List<ExperimentStore> stores, ProbeConfig config, int ratePerSecond, int sampleEvery,
      String metricsHost, int metricsPort) throws Exception {
    if (ratePerSecond < 1 || ratePerSecond > 10_000) {
      throw new IllegalArgumentException("The canary's --rate must be 1..10000 records per second, got "
          + ratePerSecond);
    }
    for (ExperimentStore store : stores) {
      paths.add(new CanaryPath(store, config, ratePerSecond, sampleEvery,
          new CanaryMetrics(registry, store.name(), config.curvePoints(), config.lagHorizon())));
    }
    delay = config.delay();
    server = new MetricsServer(metricsHost, metricsPort, registry);
  }

  /** The port {@code /metrics} listens on (useful when 0 was asked for). */
  public int metricsPort() {
    return server.port();
  }

  /**
   * Runs until {@code duration} has passed (forever when empty) or {@link #stop()}, printing a line per path
   * every {@code reportEvery}.
   *
   * @return records missing at the delay (read on time, not there) over the whole run, all paths
   */
  public Summary run(Optional<Duration> duration, Duration reportEvery, PrintStream out) throws Exception {
    for (CanaryPath path : paths) {
      path.start();
    }
    out.printf(Locale.ROOT, "canary: writing %s; metrics on http://localhost:%d/metrics%n",
        paths.stream().map(CanaryPath::name).toList(), metricsPort());
    long end = duration.map(d -> System.nanoTime() + d.toNanos()).orElse(Long.MAX_VALUE);
    while (System.nanoTime() < end) {
      long wait = Math.min(reportEvery.toNanos(), end - System.nanoTime());
      if (stop.await(Math.max(1, wait), TimeUnit.NANOSECONDS)) {
        break;
      }
      report(out);
    }
    for (CanaryPath path : paths) {
      path.drain(2_000);
    }
    report(out);
    long missing = 0;
    double onTime = 1;
    for (CanaryPath path : paths) {
      CanaryMetrics m = path.metrics();
      missing += (long) m.missing.count();
      double all = m.visible.count() + m.missing.count() + m.late.count();
      onTime = Math.min(onTime, all == 0 ? 1 : (m.visible.count() + m.missing.count()) / all);
    }
    return new Summary(missing, onTime);
  }

  /**
   * The canary's outcome.
   *
   * @param missing records missing at the delay over the run, all paths
   * @param onTimeRatio the lowest on-time share of any path
   */
  public record Summary(long missing, double onTimeRatio) {}

  private void report(PrintStream out) {
    for (CanaryPath path : paths) {
      CanaryMetrics m = path.metrics();
      double all = m.visible.count() + m.missing.count() + m.late.count();
      out.printf(Locale.ROOT, "canary %s: %,.0f written; at %d ms %,.0f visible, %,.0f missing (%,.0f followed up "
          + "visible), %.1f %% of reads on time; P(visible at %d ms) %.4f over the last samples, lag max %.1f ms%n",
          path.name(), m.writes.count(), delay.toMillis(), m.visible.count(), m.missing.count(),
          m.missedBecameVisible.count(), all == 0 ? 100 : 100 * (all - m.late.count()) / all, delay.toMillis(),
          m.window.visibleWithin(delay), m.lag.max(TimeUnit.MILLISECONDS));
    }
  }

  /** Ends {@link #run} early (from another thread, e.g. a shutdown hook). */
  public void stop() {
    stop.countDown();
  }

  @Override
  public void close() {
    for (CanaryPath path : paths) {
      path.close();
    }
    server.close();
    registry.close();
  }
}
