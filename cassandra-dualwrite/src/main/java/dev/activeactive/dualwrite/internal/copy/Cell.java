package dev.activeactive.dualwrite.internal.copy;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A live cell: its value bytes, write time (microseconds) and remaining time to live in seconds (0 = none).
 */
public record Cell(ByteBuffer value, long writetime, int ttl) {
  public Cell {
    Objects.requireNonNull(value, "value");
    value = value.asReadOnlyBuffer();
  }

  /** Whether two cells hold the same data; remaining TTLs are ignored, they differ by the time between reads. */
  public boolean sameAs(Cell other) {
    return writetime == other.writetime && value.equals(other.value);
  }

  /**
   * Whether this cell wins over {@code other} the way Cassandra reconciles two cells: the newer write time,
   * and on a tie the greater value.
   */
  public boolean winsOver(Cell other) {
    if (writetime != other.writetime) {
      return writetime > other.writetime;
    }
    return value.compareTo(other.value) > 0;
  }
}
