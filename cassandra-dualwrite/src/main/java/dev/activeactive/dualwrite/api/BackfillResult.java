package dev.activeactive.dualwrite.api;

import java.time.Duration;

/**
 * The outcome of a {@link Backfill} run.
 *
 * @param rangesTotal token ranges of the job
 * @param rangesSkipped ranges a checkpoint recorded as done by an earlier run
 * @param rangesCopied ranges this run copied
 * @param rowsCopied rows (and static rows) this run copied
 * @param insertsSent inserts this run wrote (one per distinct write time and TTL within a row)
 * @param elapsed how long this run took
 * @param complete whether every range is now done; false after {@link Backfill#stop()}
 */
public record BackfillResult(int rangesTotal, int rangesSkipped, int rangesCopied, long rowsCopied,
    long insertsSent, Duration elapsed, boolean complete) {

  /** Rows copied per second by this run. */
  public double rowsPerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds <= 0 ? 0 : rowsCopied / seconds;
  }
}
