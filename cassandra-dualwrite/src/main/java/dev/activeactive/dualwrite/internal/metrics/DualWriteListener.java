package dev.activeactive.dualwrite.internal.metrics;

import dev.activeactive.dualwrite.api.Target;
import dev.activeactive.dualwrite.api.WriteMode;
import dev.activeactive.dualwrite.internal.read.RowsComparison;

/**
 * What a writer reports as it works, for metrics and logs, which live in listeners rather than in the
 * writer's logic. Callbacks run on driver threads: they must be quick and must not throw.
 */
public interface DualWriteListener {

  /** A request to one target finished; {@code error} is null on success. */
  default void onRequest(Target target, Operation operation, long latencyNanos, Throwable error) {}

  /** A write a target missed was recorded in the failed-write log. */
  default void onDeferred(Target target, Throwable cause) {}

  /** A recorded write was applied to its target by a replay. */
  default void onReplayed(String targetName) {}

  /** A shadow read compared the secondary's rows with the primary's; {@code comparison} null on error. */
  default void onShadowRead(Target primary, Target secondary, RowsComparison comparison, Throwable error) {}

  default void onModeChange(WriteMode from, WriteMode to) {}

  default void onSwap(Target newPrimary, Target newSecondary) {}

  /** The writer closed: release anything registered elsewhere, such as gauges. */
  default void onClose() {}

  /** Calls each listener in turn, isolating one listener's failure from the others and from the writer. */
  static DualWriteListener of(DualWriteListener... listeners) {
    return new CompositeListener(listeners);
  }
}
