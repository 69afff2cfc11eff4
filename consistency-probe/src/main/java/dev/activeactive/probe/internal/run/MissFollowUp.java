package dev.activeactive.probe.internal.run;

import dev.activeactive.probe.api.ProbeResult.FollowUp;
import dev.activeactive.probe.api.ProbeResult.MissedRecord;
import dev.activeactive.probe.internal.store.ExperimentStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Follows up every record that was missing at the delay: polls it in the read region until it becomes visible or
 * the horizon passes, so the report says when (or whether) each missing write arrived, not only that it was late.
 */
final class MissFollowUp {
  /** How many missed records the report lists by id. */
  static final int LISTED = 20;

  private final ExperimentStore store;
  private final ScheduledExecutorService poller;
  private final long horizonNanos;
  private final long intervalNanos;
  private final long runStartNanos;
  private final Outstanding pending;
  private final LongAdder missed = new LongAdder();
  private final LongAdder neverVisible = new LongAdder();
  private final Histogram lagMicros = new ConcurrentHistogram(TimeUnit.HOURS.toMicros(1), 3);
  private final List<MissedRecord> listed = new ArrayList<>();

  MissFollowUp(ExperimentStore store, ScheduledExecutorService poller, long horizonNanos, long intervalNanos,
      long runStartNanos, Outstanding pending) {
    this.store = store;
    this.poller = poller;
    this.horizonNanos = horizonNanos;
    this.intervalNanos = intervalNanos;
    this.runStartNanos = runStartNanos;
    this.pending = pending;
  }

  /** Record {@code id}, acknowledged at {@code ackNanos}, was not visible to a read issued at {@code readNanos}. */
  void missed(long id, long ackNanos, long readNanos) {
    missed.increment();
    pending.add();
    poll(id, ackNanos, readNanos);
  }

  private void poll(long id, long ackNanos, long readNanos) {
    long started = System.nanoTime();
    if (started - ackNanos > horizonNanos) {
      neverVisible.increment();
      list(new MissedRecord(id, ms(ackNanos - runStartNanos), ms(readNanos - ackNanos), -1));
      pending.done();
      return;
    }
    store.isVisible(id).whenComplete((visible, error) -> {
      if (error == null && visible) {
        long lag = started - ackNanos;
        lagMicros.recordValue(Math.min(lagMicros.getHighestTrackableValue(), Math.max(0, lag / 1_000)));
        list(new MissedRecord(id, ms(ackNanos - runStartNanos), ms(readNanos - ackNanos), ms(lag)));
        pending.done();
      } else {
        poller.schedule(() -> poll(id, ackNanos, readNanos), intervalNanos, TimeUnit.NANOSECONDS);
      }
    });
  }

  private synchronized void list(MissedRecord record) {
    if (listed.size() < LISTED) {
      listed.add(record);
    }
  }

  private static double ms(long nanos) {
    return Math.round(nanos / 1e4) / 100.0;
  }

  synchronized FollowUp result() {
    long total = missed.sum();
    return new FollowUp(total, lagMicros.getTotalCount(), neverVisible.sum(), ms(horizonNanos),
        LatencyRecorder.percentilesOf(lagMicros),
        listed.stream().sorted(Comparator.comparingLong(MissedRecord::id)).toList());
  }
}
