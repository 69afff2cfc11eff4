package dev.activeactive.probe.internal.canary;

import dev.activeactive.probe.api.ProbeConfig;
import dev.activeactive.probe.internal.store.ExperimentStore;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One path under the canary: a record written at a fixed low rate, each read in the other region at the delay
 * (on time or counted late), every {@code sampleEvery}-th polled from its acknowledgement until visible, and
 * every record missing at the delay followed up until visible or the horizon.
 */
final class CanaryPath implements AutoCloseable {
  private static final long FOLLOW_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final ExperimentStore store;
  private final ProbeConfig config;
  private final int ratePerSecond;
  private final int sampleEvery;
  private final CanaryMetrics metrics;
  private final AtomicLong nextId = new AtomicLong();
  private final AtomicLong pending = new AtomicLong();
  private final ScheduledExecutorService timer;
  private volatile boolean writing;

  CanaryPath(ExperimentStore store, ProbeConfig config, int ratePerSecond, int sampleEvery, CanaryMetrics metrics) {
    this.store = store;
    this.config = config;
    this.ratePerSecond = ratePerSecond;
    this.sampleEvery = sampleEvery;
    this.metrics = metrics;
    this.timer = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "probe-canary-" + store.name());
      t.setDaemon(true);
      return t;
    });
  }

  String name() {
    return store.name();
  }

  CanaryMetrics metrics() {
    return metrics;
  }

  void start() throws Exception {
    store.prepare(0);
    writing = true;
    timer.scheduleAtFixedRate(this::writeOne, 0, 1_000_000_000L / ratePerSecond, TimeUnit.NANOSECONDS);
  }

  private void writeOne() {
    if (!writing) {
      return;
    }
    long id = nextId.getAndIncrement();
    pending.incrementAndGet();
    store.seed(id).thenCompose(v -> store.write(id)).whenComplete((v, error) -> {
      long ack = System.nanoTime();
      if (error != null) {
        metrics.errors.increment();
        pending.decrementAndGet();
        return;
      }
      metrics.writes.increment();
      long due = ack + config.delay().toNanos();
      timer.schedule(() -> readAtDelay(id, ack, due), due - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (id % sampleEvery == 0) {
        pending.incrementAndGet();
        pollLag(id, ack);
      }
    });
  }

  private void readAtDelay(long id, long ack, long due) {
    long issued = System.nanoTime();
    boolean onTime = issued - due <= config.onTimeTolerance().toNanos();
    store.isVisible(id).whenComplete((visible, error) -> {
      if (error != null) {
        metrics.errors.increment();
      } else if (!onTime) {
        metrics.late.increment();
      } else if (visible) {
        metrics.visible.increment();
      } else {
        metrics.missing.increment();
        pending.incrementAndGet();
        followUp(id, ack);
      }
      pending.decrementAndGet();
    });
  }

  private void pollLag(long id, long ack) {
    long started = System.nanoTime();
    if (started - ack > config.lagHorizon().toNanos()) {
      metrics.sampleNeverVisible();
      pending.decrementAndGet();
      return;
    }
    store.isVisible(id).whenComplete((visible, error) -> {
      if (error == null && visible) {
        metrics.sampleVisible(started - ack);
        pending.decrementAndGet();
      } else {
        timer.schedule(() -> pollLag(id, ack), Math.max(config.lagPollInterval().toNanos(), 2_000_000L),
            TimeUnit.NANOSECONDS);
      }
    });
  }

  private void followUp(long id, long ack) {
    long started = System.nanoTime();
    if (started - ack > config.followUpHorizon().toNanos()) {
      metrics.missedNeverVisible.increment();
      pending.decrementAndGet();
      return;
    }
    store.isVisible(id).whenComplete((visible, error) -> {
      if (error == null && visible) {
        metrics.missedBecameVisible.increment();
        metrics.missedLag.record(started - ack, TimeUnit.NANOSECONDS);
        pending.decrementAndGet();
      } else {
        timer.schedule(() -> followUp(id, ack), FOLLOW_UP_NANOS, TimeUnit.NANOSECONDS);
      }
    });
  }

  /** Stops writing and waits, up to {@code maxWaitMillis}, for the reads and polls already started. */
  void drain(long maxWaitMillis) throws InterruptedException {
    writing = false;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
    while (pending.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  @Override
  public void close() {
    writing = false;
    timer.shutdownNow();
    store.close();
  }
}
