package dev.activeactive.dualwrite.api;

import dev.activeactive.dualwrite.internal.copy.JobThread;
import dev.activeactive.dualwrite.internal.copy.BackfillRunner;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * Copies a table from one target to the other, token range by token range, keeping every cell's write time
 * ({@code USING TIMESTAMP}) and remaining TTL. Because each cell keeps its original write time, a backfill can
 * run while a {@link DualWriter} writes both targets: a newer dual write, or a newer delete, always wins over
 * the copy.
 *
 * <pre>{@code
 * BackfillResult result = Backfill.builder()
 *     .source(Target.of("islands", session, "users_us_east"))
 *     .destination(Target.of("merged", session, "users"))
 *     .table("profiles")
 *     .checkpoint(Path.of("profiles.checkpoint"))
 *     .build()
 *     .run();
 * }</pre>
 *
 * <p>With a {@linkplain Builder#checkpoint checkpoint file}, a stopped or crashed run resumes where it left
 * off. Limits: counters and non-frozen collections or user types are refused; a row that has only its primary
 * key is copied with write time 1 (any real write or delete wins over it); a TTL is carried to the second.
 */
public final class Backfill {
  private final BackfillRunner runner;

  private Backfill(BackfillRunner runner) {
    this.runner = runner;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Runs the backfill in the calling thread (it uses its own worker threads) and returns when it ends. */
  public BackfillResult run() {
    return runner.run();
  }

  /** Runs the backfill in a new thread. */
  public CompletableFuture<BackfillResult> runAsync() {
    return JobThread.start("dualwrite-backfill-main", runner::run);
  }

  /**
   * Asks a running backfill to stop: ranges in progress finish and are checkpointed, no new range starts, and
   * the result says {@code complete = false}. Run again with the same checkpoint to resume.
   */
  public void stop() {
    runner.stop();
  }

  /** Configures a {@link Backfill}; see {@link CopyJobBuilder} for the shared options. */
  public static final class Builder extends CopyJobBuilder<Builder> {
    private Path checkpoint;
    private Consumer<BackfillProgress> progress;

    Builder() {}

    /**
     * A file that records finished ranges, so that a later run with the same file skips them. None by default
     * (every run starts from the beginning). A file written for another table, target pair or split count is
     * refused.
     */
    public Builder checkpoint(Path file) {
      this.checkpoint = Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * Called after every range with the progress so far, from a worker thread. By default progress is logged
     * at INFO every 10%.
     */
    public Builder progress(Consumer<BackfillProgress> listener) {
      this.progress = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** The job, ready to {@code run()}; reads the table's schema when it runs. */
    public Backfill build() {
      return new Backfill(new BackfillRunner(options(), checkpoint, progress != null ? progress : logEveryTenth()));
    }

    private static Consumer<BackfillProgress> logEveryTenth() {
      var log = LoggerFactory.getLogger(Backfill.class);
      return p -> {
        int step = Math.max(1, p.rangesTotal() / 10);
        if (p.rangesDone() % step == 0 || p.rangesDone() == p.rangesTotal()) {
          log.info("Backfill {}% ({} of {} ranges), {} rows, {} rows/s", Math.round(p.fraction() * 100),
              p.rangesDone(), p.rangesTotal(), p.rowsCopied(), Math.round(p.rowsPerSecond()));
        }
      };
    }
  }
}
