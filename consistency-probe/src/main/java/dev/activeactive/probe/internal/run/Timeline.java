package dev.activeactive.probe.internal.run;

import dev.activeactive.probe.api.ProbeResult.TimelinePoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What happened in each second of a run, so a stall shows: writes acknowledged, reads at the delay (on time and
 * late), misses, and the largest visibility lag among the samples acknowledged in that second.
 */
final class Timeline {
  private final long startNanos;
  private final ConcurrentHashMap<Long, Second> seconds = new ConcurrentHashMap<>();

  Timeline(long startNanos) {
    this.startNanos = startNanos;
  }

  private Second at(long nanos) {
    return seconds.computeIfAbsent(Math.max(0, (nanos - startNanos) / 1_000_000_000L), s -> new Second());
  }

  void written(long ackNanos) {
    at(ackNanos).writes.increment();
  }

  void read(long issuedNanos, boolean onTime, boolean missing) {
    Second s = at(issuedNanos);
    (onTime ? s.onTimeReads : s.lateReads).increment();
    if (onTime && missing) {
      s.misses.increment();
    }
  }

  void sampleLag(long ackNanos, long lagNanos) {
    at(ackNanos).maxLagMicros.accumulateAndGet(Math.max(0, lagNanos / 1_000), Math::max);
  }

  List<TimelinePoint> points() {
    long last = seconds.keySet().stream().mapToLong(Long::longValue).max().orElse(-1);
    List<TimelinePoint> out = new ArrayList<>();
    for (long s = 0; s <= last; s++) {
      Second v = seconds.getOrDefault(s, new Second());
      out.add(new TimelinePoint(s, v.writes.sum(), v.onTimeReads.sum(), v.lateReads.sum(), v.misses.sum(),
          v.maxLagMicros.get() < 0 ? -1 : v.maxLagMicros.get() / 1000.0));
    }
    return out;
  }

  private static final class Second {
    final LongAdder writes = new LongAdder();
    final LongAdder onTimeReads = new LongAdder();
    final LongAdder lateReads = new LongAdder();
    final LongAdder misses = new LongAdder();
    final AtomicLong maxLagMicros = new AtomicLong(-1);
  }
}
