package dev.activeactive.dualwrite.api;

/**
 * How a {@link DualWriter} sends writes. Change it at runtime with {@link DualWriter#mode(WriteMode)}; a write
 * uses the mode that was current when it started.
 */
public enum WriteMode {
  /**
   * Writes go to the primary target only. The secondary is not touched and nothing is recorded for it; a
   * backfill catches it up later.
   */
  PRIMARY_ONLY,

  /**
   * Writes go to both targets in parallel with the same write timestamp, and succeed only when both do. When
   * one target fails and the other succeeds, the caller gets a {@link DualWriteException} <em>and</em> the
   * failed half is recorded in the failed-write log, so a replay makes both targets agree whatever the caller
   * does next.
   */
  DUAL,

  /**
   * Writes go to both targets in parallel with the same write timestamp; the caller's result depends on the
   * primary only. A secondary failure is recorded durably in the failed-write log (before the caller's
   * future completes) and applied later by {@link DualWriter#replayFailedWrites()}.
   */
  DUAL_BEST_EFFORT;

  /** Whether this mode sends writes to the secondary target. */
  public boolean writesSecondary() {
    return this != PRIMARY_ONLY;
  }
}
