package dev.activeactive.evcache.api;

/**
 * When a write to the local region's zones counts as done. A write is always sent to every zone; this decides
 * how many must have succeeded before the returned future completes (and before the operation is published to
 * the other regions). The zones that have not answered yet keep going in the background; their failures are
 * counted ({@code evcache.client.zone.errors}).
 */
public enum WriteCompletion {
  /** The first zone that succeeds. */
  ONE,
  /** A majority of the zones: {@code zones / 2 + 1} (with two zones, both). The default. */
  QUORUM,
  /** Every zone. */
  ALL;

  /** How many of {@code zones} zones must succeed. */
  public int required(int zones) {
    return switch (this) {
      case ONE -> 1;
      case QUORUM -> zones / 2 + 1;
      case ALL -> zones;
    };
  }
}
