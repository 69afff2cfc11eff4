package dev.activeactive.dualwrite.api;

import java.time.Duration;

/**
 * Where a running {@link Backfill} stands, reported after every token range.
 *
 * @param rangesDone ranges finished, including those a checkpoint said were done before this run
 * @param rangesTotal ranges of the whole job
 * @param rowsCopied rows (and static rows) copied by this run
 * @param elapsed time since this run started
 */
public record BackfillProgress(int rangesDone, int rangesTotal, long rowsCopied, Duration elapsed) {

  /** Rows copied per second by this run so far. */
  public double rowsPerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds <= 0 ? 0 : rowsCopied / seconds;
  }

  /** Finished share of the job, 0 to 1. */
  public double fraction() {
    return rangesTotal == 0 ? 1 : (double) rangesDone / rangesTotal;
  }
}
