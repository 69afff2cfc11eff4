package dev.activeactive.protocol.api.apply;

/** The outcome of a cache-aside fill after a miss; stable names, suitable as metric tags. */
public enum FillResult {
  /** The loaded value was stored. */
  FILLED,
  /** A value appeared meanwhile (another fill or a write); it was left alone. */
  SKIPPED_VALUE_PRESENT,
  /** A tombstone newer than the loaded data is present: the load may have read a lagging replica. */
  SKIPPED_TOMBSTONE_NEWER,
  /** The loader gave no version and the tombstone is younger than the dataset's hold-off. */
  SKIPPED_HOLD_OFF,
  /** The item kept changing under us; the value was not stored. */
  CONFLICT_RETRIES_EXHAUSTED
}
