package dev.activeactive.dualwrite.internal.metrics;

import dev.activeactive.dualwrite.api.Target;
import dev.activeactive.dualwrite.internal.log.SegmentedFailedWriteLog;
import dev.activeactive.dualwrite.internal.read.RowsComparison;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Publishes a writer's events to Micrometer. Every meter carries the tags {@code writer} and {@code target}:
 *
 * <ul>
 *   <li>{@code dualwrite.requests} (timer; tags {@code operation} = write|read|shadow_read|replay,
 *       {@code outcome} = success|error, and {@code error} = the exception's simple class name or none)
 *   <li>{@code dualwrite.failed_writes.pending} (gauge): writes waiting in the failed-write log
 *   <li>{@code dualwrite.failed_writes.recorded} / {@code dualwrite.failed_writes.replayed} (counters)
 *   <li>{@code dualwrite.shadow_reads} (counter; tag {@code result} = match|diverged|error), on the secondary
 *   <li>{@code dualwrite.shadow_reads.divergent_rows} (counter): rows found on one side only
 * </ul>
 */
public final class MicrometerDualWriteMetrics implements DualWriteListener {
  private final MeterRegistry registry;
  private final String writer;
  private final List<Meter.Id> gauges = new ArrayList<>();

  /** @param log the failed-write log whose size is gauged per target, or null for a single-target writer */
  public MicrometerDualWriteMetrics(MeterRegistry registry, String writer, SegmentedFailedWriteLog log,
      List<Target> targets) {
    this.registry = registry;
    this.writer = writer;
    for (Target target : log == null ? List.<Target>of() : targets) {
      gauges.add(Gauge.builder("dualwrite.failed_writes.pending", log, l -> l.size(target.name()))
          .description("Writes this target missed that wait in the failed-write log for a replay")
          .tags("writer", writer, "target", target.name())
          .register(registry)
          .getId());
    }
  }

  /** Timers by tag values, so the hot path does one map lookup instead of building a meter id. */
  private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

  private record TimerKey(String target, Operation operation, Class<?> error) {}

  @Override
  public void onRequest(Target target, Operation operation, long latencyNanos, Throwable error) {
    TimerKey key = new TimerKey(target.name(), operation, error == null ? null : error.getClass());
    timers.computeIfAbsent(key, k -> Timer.builder("dualwrite.requests")
            .description("Requests a dual writer sent to one target")
            .tags("writer", writer, "target", k.target(), "operation", k.operation().tag(),
                "outcome", k.error() == null ? "success" : "error",
                "error", k.error() == null ? "none" : k.error().getSimpleName())
            .publishPercentiles(0.5, 0.99)
            .register(registry))
        .record(latencyNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void onDeferred(Target target, Throwable cause) {
    counter("dualwrite.failed_writes.recorded", target.name()).increment();
  }

  @Override
  public void onReplayed(String targetName) {
    counter("dualwrite.failed_writes.replayed", targetName).increment();
  }

  @Override
  public void onShadowRead(Target primary, Target secondary, RowsComparison comparison, Throwable error) {
    String result = error != null ? "error" : comparison.diverged() ? "diverged" : "match";
    Counter.builder("dualwrite.shadow_reads")
        .tags("writer", writer, "target", secondary.name(), "result", result)
        .register(registry)
        .increment();
    if (comparison != null && comparison.diverged()) {
      counter("dualwrite.shadow_reads.divergent_rows", secondary.name())
          .increment(comparison.onlyInPrimary() + comparison.onlyInSecondary());
    }
  }

  @Override
  public void onClose() {
    // a gauge holds the log it reads; a writer opened later on the same registry registers its own
    gauges.forEach(registry::remove);
  }

  private Counter counter(String name, String target) {
    return Counter.builder(name).tags("writer", writer, "target", target).register(registry);
  }
}
