package dev.activeactive.dualwrite.api;

import dev.activeactive.dualwrite.internal.copy.JobThread;
import dev.activeactive.dualwrite.internal.copy.VerifyRunner;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Compares a table on two targets token range by token range and reports rows missing on either side and rows
 * whose cells differ (in value or write time). With {@link Builder#repair(boolean) repair}, it also makes them
 * agree: for each differing cell, the one with the newer write time (Cassandra's own rule) is written, with its
 * write time, to the side that lacks it.
 *
 * <pre>{@code
 * VerifyReport report = Verify.builder()
 *     .source(Target.of("islands", session, "users_us_east"))
 *     .destination(Target.of("merged", session, "users"))
 *     .table("profiles")
 *     .repair(true)
 *     .build()
 *     .run();
 * }</pre>
 *
 * <p>Limits: deletions are invisible to a comparison (a row deleted on one side only looks missing there, and a
 * repair writes it back unless the delete is newer than its cells, in which case the tombstone wins and the
 * row is reported again); rows being written while a range is read can show as transient differences, which a
 * repair settles harmlessly since it never overwrites a newer cell.
 */
public final class Verify {
  private final VerifyRunner runner;

  private Verify(VerifyRunner runner) {
    this.runner = runner;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Runs the comparison (and repair) and returns the report. */
  public VerifyReport run() {
    return runner.run();
  }

  /** Runs in a new thread. */
  public CompletableFuture<VerifyReport> runAsync() {
    return JobThread.start("dualwrite-verify-main", runner::run);
  }

  /** Asks a running verify to stop after the ranges in progress; its report says {@code complete = false}. */
  public void stop() {
    runner.stop();
  }

  /** Configures a {@link Verify}; see {@link CopyJobBuilder} for the shared options. */
  public static final class Builder extends CopyJobBuilder<Builder> {
    private boolean repair;
    private int maxSamples = 100;
    private Consumer<VerifyReport> progress = report -> {};

    Builder() {}

    /** Whether to repair the differences found; false (report only) by default. */
    public Builder repair(boolean repair) {
      this.repair = repair;
      return this;
    }

    /** How many differences the report lists in full (all are counted); 100 by default. */
    public Builder maxReportedDifferences(int max) {
      if (max < 0) {
        throw new IllegalArgumentException("maxReportedDifferences must not be negative");
      }
      this.maxSamples = max;
      return this;
    }

    /** Called after every range with the totals so far, from a worker thread. Nothing by default. */
    public Builder progress(Consumer<VerifyReport> listener) {
      this.progress = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** The job, ready to {@code run()}; reads the table's schema when it runs. */
    public Verify build() {
      return new Verify(new VerifyRunner(options(), repair, maxSamples, progress));
    }
  }
}
