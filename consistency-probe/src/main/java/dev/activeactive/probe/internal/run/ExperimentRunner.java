package dev.activeactive.probe.internal.run;

import dev.activeactive.probe.api.DelayAnchor;
import dev.activeactive.probe.api.ProbeConfig;
import dev.activeactive.probe.api.ProbeResult;
import dev.activeactive.probe.internal.store.ExperimentStore;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the experiment over one store: write every record in the write region, read each one in the read region
 * at the delay, and poll a sample of records from their acknowledgement until visible.
 *
 * <p>Writes are a plain asynchronous loop with a fixed number in flight (and an optional rate cap), so the probe
 * adds nothing to what it measures. Reads at the delay come from a queue ordered by due time; a read issued more
 * than 10 ms late is counted, because it would make the result look better than it is, and writes wait while the
 * reader is behind.
 */
public final class ExperimentRunner {
  private static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  /** How late the oldest pending read may be before writes wait for the reader. */
  private static final long BEHIND_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private final ExperimentStore store;
  private final ProbeConfig config;
  private final ProgressListener progress;
  private final LatencyRecorder writeLatency = new LatencyRecorder();
  private final LatencyRecorder readLatency = new LatencyRecorder();
  private final LagRecorder lag = new LagRecorder();
  private final Failures failures = new Failures();
  private final LongAdder visible = new LongAdder();
  private final LongAdder missing = new LongAdder();
  private final LongAdder acknowledged = new LongAdder();
  private final LongAdder reads = new LongAdder();
  private final LongAdder lateReads = new LongAdder();
  private final AtomicLong maxLatenessNanos = new AtomicLong();
  private final DelayQueue<DueRead> dueReads = new DelayQueue<>();
  /** Reads run during the write phase too; only the read phase shows their progress. */
  private volatile boolean readPhase;
  private final Outstanding pendingReads = new Outstanding();
  private final Outstanding pendingSamples = new Outstanding();
  private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "probe-lag-poller");
    t.setDaemon(true);
    return t;
  });

  public ExperimentRunner(ExperimentStore store, ProbeConfig config, ProgressListener progress) {
    this.store = store;
    this.config = config;
    this.progress = progress;
  }

  public ProbeResult run() throws Exception {
    long runStart = System.nanoTime();
    store.prepare(config.records());
    Thread reader = new Thread(this::readDueRecords, "probe-reader");
    reader.setDaemon(true);
    reader.start();
    BackgroundLoad background = config.backgroundOpsPerSecond() > 0
        ? BackgroundLoad.start(store, config.backgroundOpsPerSecond(), config.records())
        : null;
    try {
      long writeStart = System.nanoTime();
      writeAll();
      long writeEnd = System.nanoTime();
      progress.phase("read at " + config.delay().toMillis() + " ms",
          config.anchor() == DelayAnchor.PER_RECORD ? acknowledged.sum() : config.records());
      readPhase = true;
      progress.progress(reads.sum());
      if (config.anchor() == DelayAnchor.AFTER_WRITE_PHASE) {
        readAllAt(writeEnd + config.delay().toNanos());
      }
      // reads at the delay begin one delay after the first write (per record) or after the last one
      long readStart = (config.anchor() == DelayAnchor.PER_RECORD ? writeStart : writeEnd) + config.delay().toNanos();
      pendingReads.awaitNone();
      long readEnd = System.nanoTime();
      progress.phaseDone();
      pendingSamples.awaitNone();
      return result(writeStart, writeEnd, readStart, readEnd, runStart);
    } finally {
      if (background != null) {
        background.stop();
      }
      reader.interrupt();
      poller.shutdownNow();
    }
  }

  private void writeAll() throws InterruptedException {
    Semaphore inFlight = new Semaphore(config.concurrency());
    long sampleEvery = config.effectiveSamples() == 0 ? Long.MAX_VALUE : config.records() / config.effectiveSamples();
    long nanosPerWrite = config.writesPerSecond() == 0 ? 0 : 1_000_000_000L / config.writesPerSecond();
    LongAdder written = new LongAdder();
    progress.phase("write", config.records());
    long start = System.nanoTime();
    for (long id = 0; id < config.records(); id++) {
      if (nanosPerWrite > 0) {
        long due = start + id * nanosPerWrite;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
      }
      awaitReadsOnTime();
      inFlight.acquire();
      long recordId = id;
      boolean sampled = id % sampleEvery == 0;
      long sent = System.nanoTime();
      if (config.anchor() == DelayAnchor.PER_RECORD) {
        pendingReads.add();
      }
      store.write(recordId).whenComplete((v, error) -> {
        long ack = System.nanoTime();
        inFlight.release();
        if (error != null) {
          failures.record(error);
          if (config.anchor() == DelayAnchor.PER_RECORD) {
            pendingReads.done();
          }
        } else {
          writeLatency.record(ack - sent);
          acknowledged.increment();
          if (config.anchor() == DelayAnchor.PER_RECORD) {
            dueReads.add(new DueRead(recordId, ack + config.delay().toNanos()));
          }
          if (sampled) {
            pendingSamples.add();
            pollUntilVisible(recordId, ack);
          }
        }
        written.increment();
        progress.progress(written.sum());
      });
    }
    inFlight.acquire(config.concurrency());
    inFlight.release(config.concurrency());
    progress.phaseDone();
  }

  /**
   * Backpressure: while the reader is behind (the oldest due read is late), writing more would only push reads
   * further past their delay and flatter the result, so writes wait. Write throughput is then what the read
   * region can check on time.
   */
  private void awaitReadsOnTime() {
    if (config.anchor() != DelayAnchor.PER_RECORD) {
      return;
    }
    while (true) {
      DueRead oldest = dueReads.peek();
      if (oldest == null || System.nanoTime() - oldest.dueNanos < BEHIND_NANOS) {
        return;
      }
      LockSupport.parkNanos(BEHIND_NANOS / 5);
    }
  }

  /**
   * The looser reading: every record read once the delay after the whole write phase has passed, as a plain loop
   * with the configured number in flight. The ids of failed writes are not kept, so failed writes are read too
   * and count as missing; the number of errors in the report tells them apart.
   */
  private void readAllAt(long due) throws InterruptedException {
    long wait = due - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
    Semaphore inFlight = new Semaphore(config.concurrency());
    for (long id = 0; id < config.records(); id++) {
      inFlight.acquire();
      pendingReads.add();
      read(id, System.nanoTime(), inFlight);
    }
  }

  private void readDueRecords() {
    Semaphore inFlight = new Semaphore(config.concurrency());
    try {
      while (!Thread.currentThread().isInterrupted()) {
        DueRead due = dueReads.take();
        inFlight.acquire();
        long issued = System.nanoTime();
        long lateness = issued - due.dueNanos;
        if (lateness > LATE_NANOS) {
          lateReads.increment();
          maxLatenessNanos.accumulateAndGet(lateness, Math::max);
        }
        read(due.id, issued, inFlight);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void read(long id, long issued, Semaphore inFlight) {
    store.isVisible(id).whenComplete((isVisible, error) -> {
      inFlight.release();
      if (error != null) {
        failures.record(error);
      } else {
        readLatency.record(System.nanoTime() - issued);
        (isVisible ? visible : missing).increment();
      }
      reads.increment();
      if (readPhase) {
        progress.progress(reads.sum());
      }
      pendingReads.done();
    });
  }

  private void pollUntilVisible(long id, long ackNanos) {
    long started = System.nanoTime();
    if (started - ackNanos > config.lagHorizon().toNanos()) {
      lag.notVisibleWithinHorizon();
      pendingSamples.done();
      return;
    }
    store.isVisible(id).whenComplete((isVisible, error) -> {
      if (error == null && isVisible) {
        lag.visibleAfter(started - ackNanos);
        pendingSamples.done();
      } else {
        poller.schedule(() -> pollUntilVisible(id, ackNanos), config.lagPollInterval().toNanos(),
            TimeUnit.NANOSECONDS);
      }
    });
  }

  private ProbeResult result(long writeStart, long writeEnd, long readStart, long readEnd, long runStart) {
    double writeSeconds = Math.max(1e-9, (writeEnd - writeStart) / 1e9);
    double readSeconds = Math.max(1e-9, (readEnd - readStart) / 1e9);
    return new ProbeResult(
        store.name(),
        config.records(),
        config.delay().toMillis(),
        config.anchor().name(),
        config.writeRegion(),
        config.readRegion(),
        visible.sum(),
        missing.sum(),
        lag.percentiles(),
        lag.samples(),
        lag.neverVisible(),
        lag.curve(config.curvePoints()),
        lag.histogram(40),
        writeLatency.percentiles(),
        readLatency.percentiles(),
        acknowledged.sum() / writeSeconds,
        readLatency.count() / readSeconds,
        failures.errors.sum(),
        failures.timeouts.sum(),
        lateReads.sum(),
        maxLatenessNanos.get() / 1e6,
        (System.nanoTime() - runStart) / 1_000_000);
  }

  /** A record to read once its due time comes. */
  private record DueRead(long id, long dueNanos) implements Delayed {
    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(dueNanos, ((DueRead) other).dueNanos);
    }
  }
}
