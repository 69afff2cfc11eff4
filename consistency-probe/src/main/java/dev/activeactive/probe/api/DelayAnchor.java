package dev.activeactive.probe.api;

/** What the read delay is measured from. */
public enum DelayAnchor {
  /** Each record is read {@code delay} after its own write was acknowledged (the strict reading). */
  PER_RECORD,
  /** Every record is read {@code delay} after the whole write phase ended (the looser reading). */
  AFTER_WRITE_PHASE
}
