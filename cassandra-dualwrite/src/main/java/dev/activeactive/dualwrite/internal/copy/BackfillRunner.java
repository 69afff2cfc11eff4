package dev.activeactive.dualwrite.internal.copy;

import dev.activeactive.dualwrite.api.BackfillProgress;
import dev.activeactive.dualwrite.api.BackfillResult;
import io.micrometer.core.instrument.Counter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a table range by range: scans the source, writes every cell to the destination with its own write
 * time, records the range in the checkpoint once all its writes are acknowledged.
 */
public final class BackfillRunner {
  private static final Logger log = LoggerFactory.getLogger(BackfillRunner.class);
  /** Inserts in flight per range: enough to hide latency, few enough not to flood the destination. */
  static final int IN_FLIGHT_PER_RANGE = 64;

  private final CopyOptions options;
  private final Path checkpointFile;
  private final Consumer<BackfillProgress> progress;
  private final ParallelRanges ranges = new ParallelRanges();

  public BackfillRunner(CopyOptions options, Path checkpointFile, Consumer<BackfillProgress> progress) {
    this.options = options;
    this.checkpointFile = checkpointFile;
    this.progress = progress;
  }

  public void stop() {
    ranges.stop();
  }

  /** A name for the job in its checkpoint: a file written for other tables, targets or splits is refused. */
  String jobDescription() {
    return "backfill " + options.describe() + " splits=" + options.splits();
  }

  public BackfillResult run() {
    long start = System.nanoTime();
    TableShape shape = options.shape();
    RangeScanner scanner = new RangeScanner(shape, options.pageSize(), options.requestTimeout());
    CellWriter writer = new CellWriter(shape, options.requestTimeout());
    List<TokenRange> all = TokenRange.split(options.splits());
    Checkpoint checkpoint = checkpointFile == null ? null : Checkpoint.open(checkpointFile, jobDescription());
    try {
      List<TokenRange> todo = new ArrayList<>();
      for (TokenRange range : all) {
        if (checkpoint == null || !checkpoint.isDone(range)) {
          todo.add(range);
        }
      }
      int skipped = all.size() - todo.size();
      if (skipped > 0) {
        log.info("Backfill {}: {} of {} ranges already done according to {}", options.describe(), skipped,
            all.size(), checkpointFile);
      }
      AtomicLong rows = new AtomicLong();
      AtomicLong inserts = new AtomicLong();
      AtomicInteger copied = new AtomicInteger();
      Counter rowCounter = options.meterRegistry() == null ? null : Counter.builder("dualwrite.backfill.rows")
          .tags("source", options.source().name(), "destination", options.destination().name(),
              "table", options.table())
          .register(options.meterRegistry());
      boolean finished = ranges.run(todo, options.parallelism(), "dualwrite-backfill", range -> {
        long rangeRows = copyRange(range, scanner, writer, inserts);
        if (checkpoint != null) {
          checkpoint.markDone(range);
        }
        rows.addAndGet(rangeRows);
        if (rowCounter != null) {
          rowCounter.increment(rangeRows);
        }
        int done = skipped + copied.incrementAndGet();
        progress.accept(new BackfillProgress(done, all.size(), rows.get(), Duration.ofNanos(System.nanoTime() - start)));
      });
      return new BackfillResult(all.size(), skipped, copied.get(), rows.get(), inserts.get(),
          Duration.ofNanos(System.nanoTime() - start), finished);
    } finally {
      if (checkpoint != null) {
        checkpoint.close();
      }
    }
  }

  private long copyRange(TokenRange range, RangeScanner scanner, CellWriter writer, AtomicLong inserts) {
    Semaphore inFlight = new Semaphore(IN_FLIGHT_PER_RANGE);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long rows = scanner.scan(options.source(), range, row -> {
      if (failure.get() != null) {
        return;
      }
      inFlight.acquireUninterruptibly();
      writer.write(options.destination(), row).whenComplete((count, error) -> {
        if (error != null) {
          failure.compareAndSet(null, error);
        } else {
          inserts.addAndGet(count);
        }
        inFlight.release();
      });
    });
    inFlight.acquireUninterruptibly(IN_FLIGHT_PER_RANGE); // every write of the range has answered
    if (failure.get() != null) {
      throw new IllegalStateException("Backfill of range " + range + " failed writing to "
          + options.destination().name() + ": " + failure.get() + ". The range is not checkpointed; run the "
          + "backfill again to resume.", failure.get());
    }
    return rows;
  }
}
