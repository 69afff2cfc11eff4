package dev.activeactive.dualwrite.api;

import java.util.List;

/**
 * What happened to one successful write.
 *
 * @param writeTimestamp the write timestamp (microseconds since the epoch) given to every target
 * @param mode the mode the write ran in
 * @param appliedTo names of the targets that acknowledged the write
 * @param deferredTo names of the targets that failed and whose write is now in the failed-write log, waiting
 *     for a replay (only in {@link WriteMode#DUAL_BEST_EFFORT})
 */
public record WriteResult(long writeTimestamp, WriteMode mode, List<String> appliedTo, List<String> deferredTo) {
  /** Built by the dual writer for each write; the target lists are copied, so a result never changes. */
  public WriteResult {
    appliedTo = List.copyOf(appliedTo);
    deferredTo = List.copyOf(deferredTo);
  }

  /** Whether some target still owes this write (it will get it from a replay). */
  public boolean isDeferred() {
    return !deferredTo.isEmpty();
  }
}
