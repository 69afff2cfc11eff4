package dev.activeactive.probe.internal.run;

import dev.activeactive.probe.api.DelayAnchor;
import dev.activeactive.probe.api.ProbeConfig;
import dev.activeactive.probe.api.ProbeResult;
import dev.activeactive.probe.api.ProbeResult.RunParameters;
import dev.activeactive.probe.internal.store.ExperimentStore;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs the experiment over one store: write every record in the write region, read each one in the read region
 * at the delay, poll a sample of records from their acknowledgement until visible, and follow up every record
 * that was missing at the delay.
 *
 * <p>Writes are a plain asynchronous loop with a fixed number in flight, paced by {@link WritePacer} so that the
 * reads at the delay can be issued on time. Reads at the delay come from a queue ordered by due time; only reads
 * issued within the on-time tolerance count for the verdict ({@link OnTimeReads}).
 */
public final class ExperimentRunner {
  private final ExperimentStore store;
  private final ProbeConfig config;
  private final ProgressListener progress;
  private final LatencyRecorder writeLatency = new LatencyRecorder();
  private final LatencyRecorder readLatency = new LatencyRecorder();
  private final LagRecorder lag = new LagRecorder();
  private final Failures failures = new Failures();
  private final OnTimeReads onTime;
  private final LongAdder acknowledged = new LongAdder();
  private final LongAdder reads = new LongAdder();
  private final DelayQueue<DueRead> dueReads = new DelayQueue<>();
  /** The due time of the read the reader has taken but not issued yet (waiting for a permit); MAX when none. */
  private volatile long heldDueNanos = Long.MAX_VALUE;
  /** Reads run during the write phase too; only the read phase shows their progress. */
  private volatile boolean readPhase;
  private final Outstanding pendingReads = new Outstanding();
  private final Outstanding pendingSamples = new Outstanding();
  private final Outstanding pendingFollowUps = new Outstanding();
  private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "probe-lag-poller");
    t.setDaemon(true);
    return t;
  });
  private final RunParameters parameters;
  private Timeline timeline;
  private MissFollowUp followUp;

  public ExperimentRunner(ExperimentStore store, ProbeConfig config, ProgressListener progress) {
    this.store = store;
    this.config = config;
    this.progress = progress;
    this.onTime = new OnTimeReads(config.onTimeTolerance().toNanos());
    this.parameters = parameters(config);
  }

  /** The report's header for a run of {@code config} in this JVM. */
  public static RunParameters parameters(ProbeConfig config) {
    String version = ExperimentRunner.class.getPackage().getImplementationVersion();
    return new RunParameters(config.concurrency(), config.writesPerSecond(), config.writeConsistency(),
        config.readConsistency(), config.wanProfile(), config.rowTtl().toSeconds(),
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
        version == null ? "development build" : version);
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
      timeline = new Timeline(writeStart);
      followUp = new MissFollowUp(store, poller, config.followUpHorizon().toNanos(),
          Math.max(config.lagPollInterval().toNanos(), TimeUnit.MILLISECONDS.toNanos(10)), writeStart,
          pendingFollowUps);
      writeAll();
      long writeEnd = System.nanoTime();
      progress.phase("read at " + config.delay().toMillis() + " ms",
          config.anchor() == DelayAnchor.PER_RECORD ? acknowledged.sum() : config.records());
      readPhase = true;
      progress.progress(reads.sum());
      if (config.anchor() == DelayAnchor.AFTER_WRITE_PHASE) {
        readAllAt(writeEnd + config.delay().toNanos(), writeEnd);
      }
      // reads at the delay begin one delay after the first write (per record) or after the last one
      long readStart = (config.anchor() == DelayAnchor.PER_RECORD ? writeStart : writeEnd) + config.delay().toNanos();
      pendingReads.awaitNone();
      long readEnd = System.nanoTime();
      progress.phaseDone();
      pendingSamples.awaitNone();
      pendingFollowUps.awaitNone();
      if (background != null) {
        background.stop();
      }
      if (config.deleteRowsAtEnd()) {
        store.deleteRun();
      }
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
    WritePacer pacer = new WritePacer(config.writesPerSecond(), config.delay().toNanos(), this::readerLatenessNanos);
    LongAdder written = new LongAdder();
    progress.phase("write", config.records());
    for (long id = 0; id < config.records(); id++) {
      pacer.awaitTurn();
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
          timeline.written(ack);
          if (config.anchor() == DelayAnchor.PER_RECORD) {
            dueReads.add(new DueRead(recordId, ack, ack + config.delay().toNanos()));
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

  /** How late the reader is: the read it waits to issue, or else the oldest due read still queued. */
  private long readerLatenessNanos() {
    long now = System.nanoTime();
    long held = heldDueNanos;
    DueRead oldest = dueReads.peek();
    long due = Math.min(held, oldest == null ? Long.MAX_VALUE : oldest.dueNanos);
    return due == Long.MAX_VALUE ? 0 : Math.max(0, now - due);
  }

  /**
   * The looser reading: every record read once the delay after the whole write phase has passed, as a plain loop
   * with the configured number in flight. The ids of failed writes are not kept, so failed writes are read too
   * and count as missing; the number of errors in the report tells them apart. The write phase's end stands in
   * for each record's acknowledgement.
   */
  private void readAllAt(long due, long writeEnd) throws InterruptedException {
    long wait = due - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
    Semaphore inFlight = new Semaphore(config.concurrency());
    for (long id = 0; id < config.records(); id++) {
      inFlight.acquire();
      pendingReads.add();
      // a plain loop cannot read a million records in one instant: lateness here is the loop's, not a stall's
      read(new DueRead(id, writeEnd, System.nanoTime()), System.nanoTime(), inFlight);
    }
  }

  private void readDueRecords() {
    Semaphore inFlight = new Semaphore(config.concurrency());
    try {
      while (!Thread.currentThread().isInterrupted()) {
        DueRead due = dueReads.take();
        heldDueNanos = due.dueNanos;
        inFlight.acquire();
        heldDueNanos = Long.MAX_VALUE;
        read(due, System.nanoTime(), inFlight);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void read(DueRead due, long issued, Semaphore inFlight) {
    boolean inTime = onTime.onTime(issued - due.dueNanos);
    store.isVisible(due.id).whenComplete((isVisible, error) -> {
      inFlight.release();
      if (error != null) {
        failures.record(error);
      } else {
        readLatency.record(System.nanoTime() - issued);
        onTime.outcome(inTime, isVisible);
        timeline.read(issued, inTime, !isVisible);
        if (inTime && !isVisible) {
          followUp.missed(due.id, due.ackNanos, issued);
        }
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
      timeline.sampleLag(ackNanos, started - ackNanos);
      pendingSamples.done();
      return;
    }
    store.isVisible(id).whenComplete((isVisible, error) -> {
      if (error == null && isVisible) {
        lag.visibleAfter(started - ackNanos);
        timeline.sampleLag(ackNanos, started - ackNanos);
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
    long visible = onTime.visible.sum();
    long missing = onTime.missing.sum();
    return new ProbeResult(store.name(), config.records(), config.delay().toMillis(), config.anchor().name(),
        config.writeRegion(), config.readRegion(), parameters, visible, missing, lag.percentiles(), lag.samples(),
        lag.neverVisible(), lag.curve(config.curvePoints()), lag.histogram(40), writeLatency.percentiles(),
        readLatency.percentiles(), acknowledged.sum() / writeSeconds, readLatency.count() / readSeconds,
        failures.errors.sum(), failures.timeouts.sum(), config.onTimeTolerance().toMillis(), visible + missing,
        onTime.late.sum(), onTime.lateVisible.sum(), onTime.lateMissing.sum(), onTime.maxLatenessMs(),
        followUp.result(), timeline.points(), (System.nanoTime() - runStart) / 1_000_000);
  }

  /** A record to read once its due time comes. */
  private record DueRead(long id, long ackNanos, long dueNanos) implements Delayed {
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
