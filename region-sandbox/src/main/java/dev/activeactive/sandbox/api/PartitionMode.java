package dev.activeactive.sandbox.api;

/** How a partitioned path fails, as seen from both ends. */
public enum PartitionMode {
  /**
   * The kind case: open connections are reset at once and new ones are refused, so clients learn of the
   * partition in milliseconds.
   */
  RESET,
  /**
   * The usual shape of a real WAN partition: packets vanish. Established connections stall silently (nothing
   * is delivered, nothing is reset) and new connections hang; clients only learn of it through their own
   * timeouts. On heal, stalled connections resume with nothing lost, as TCP would after retransmitting.
   */
  BLACKHOLE
}
