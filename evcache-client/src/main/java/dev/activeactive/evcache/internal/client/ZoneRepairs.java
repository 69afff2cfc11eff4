package dev.activeactive.evcache.internal.client;

import dev.activeactive.protocol.api.wire.Operation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the zones that missed a completed local write up to date. A write completes once its
 * {@link dev.activeactive.evcache.api.WriteCompletion} many zones took it; a zone that failed meanwhile (down,
 * frozen, timed out) would otherwise keep the value the write replaced, and reads, which try the local zone first,
 * would serve it until its TTL although the caller was told the write succeeded. So the write is applied again to
 * each such zone, conditionally on versions (the relay's applier: never over something newer, harmless if the
 * first attempt did land), with growing pauses until the zone takes it or {@link #GIVE_UP_AFTER} has passed.
 *
 * <p>Held in memory: a repair still pending when the process dies or the client closes is lost (the zone then
 * serves the old value until its TTL, or until a relay flushes it after an outage). Bounded by
 * {@link #MAX_PENDING}. Thread-safe; never blocks the writer.
 */
final class ZoneRepairs implements AutoCloseable {

  /** How long a missed zone is retried. */
  static final Duration GIVE_UP_AFTER = Duration.ofMinutes(10);
  /** Repairs pending at once; beyond it a repair is dropped and logged. */
  static final int MAX_PENDING = 100_000;

  private static final Logger log = LoggerFactory.getLogger(ZoneRepairs.class);
  private static final long FIRST_PAUSE_MILLIS = 200;
  private static final long MAX_PAUSE_MILLIS = 5_000;

  private final List<ZoneGroup.Zone> zones;
  private final ScheduledExecutorService timer;
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicInteger dropped = new AtomicInteger();

  ZoneRepairs(List<ZoneGroup.Zone> zones) {
    this.zones = List.copyOf(zones);
    this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "evcache-zone-repairs");
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * Repairs every zone that failed a write which completed anyway.
   *
   * @param op the operation the zones applied (a value at its version, or a delete)
   * @param failures each zone's failure by zone index, {@code null} for the zones that took it
   */
  void afterCompleted(String dataset, Operation op, List<Throwable> failures) {
    for (int i = 0; i < failures.size(); i++) {
      if (failures.get(i) != null) {
        schedule(zones.get(i), dataset, op, System.nanoTime() + GIVE_UP_AFTER.toNanos(), FIRST_PAUSE_MILLIS, true);
      }
    }
  }

  /** Repairs waiting now, for tests and diagnostics. */
  int pending() {
    return pending.get();
  }

  private void schedule(ZoneGroup.Zone zone, String dataset, Operation op, long deadlineNanos, long pauseMillis,
      boolean first) {
    if (first && pending.incrementAndGet() > MAX_PENDING) {
      pending.decrementAndGet();
      if (dropped.getAndIncrement() % 1000 == 0) {
        log.warn("{} repairs of missed zone writes pending: dropping this one (zone {}, dataset {}); the zone may"
            + " serve replaced values until their TTL", MAX_PENDING, zone.name(), dataset);
      }
      return;
    }
    try {
      timer.schedule(() -> attempt(zone, dataset, op, deadlineNanos, pauseMillis), pauseMillis,
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closed) {
      pending.decrementAndGet();
    }
  }

  private void attempt(ZoneGroup.Zone zone, String dataset, Operation op, long deadlineNanos, long pauseMillis) {
    java.util.concurrent.CompletableFuture<?> applied;
    try {
      applied = zone.applier().apply(op);
    } catch (RuntimeException e) {
      applied = java.util.concurrent.CompletableFuture.failedFuture(e);
    }
    applied.whenComplete((result, error) -> {
      if (error == null) {
        pending.decrementAndGet();
        log.debug("zone {} took a write of dataset {} it had missed: {}", zone.name(), dataset, result);
      } else if (System.nanoTime() - deadlineNanos < 0) {
        schedule(zone, dataset, op, deadlineNanos, Math.min(MAX_PAUSE_MILLIS, pauseMillis * 2), false);
      } else {
        pending.decrementAndGet();
        log.warn("zone {} did not take a write of dataset {} it had missed within {}; it may serve the replaced"
            + " value until its TTL ({})", zone.name(), dataset, GIVE_UP_AFTER, error.toString());
      }
    });
  }

  /** Stops repairing; repairs still pending are logged and lost. */
  @Override
  public void close() {
    timer.shutdownNow();
    int left = pending.getAndSet(0);
    if (left > 0) {
      log.warn("closed with {} repairs of missed zone writes pending: those zones may serve replaced values until"
          + " their TTL", left);
    }
  }
}
