package dev.activeactive.dualwrite.api;

import java.util.Optional;

/**
 * The outcome of one {@link DualWriter#replayFailedWrites()} pass.
 *
 * @param applied writes applied to their target and removed from the log
 * @param remaining writes still in the log after the pass (the one that failed and all after it, plus those
 *     recorded while the pass ran)
 * @param error why the pass stopped early, if it did; usually the target is still unreachable
 */
public record ReplayResult(long applied, long remaining, Optional<Throwable> error) {

  /** Whether the pass applied every write it found. */
  public boolean isComplete() {
    return error.isEmpty();
  }
}
