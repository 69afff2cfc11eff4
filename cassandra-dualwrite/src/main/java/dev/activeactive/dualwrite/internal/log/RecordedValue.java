package dev.activeactive.dualwrite.internal.log;

import java.nio.ByteBuffer;

/**
 * One bound value of a recorded statement, in the serialized form the driver sent (so any CQL type, including
 * custom codecs, round-trips without knowing its Java class).
 *
 * @param name the bind marker's name for named values, or null for positional ones
 * @param bytes the serialized value, or null for a CQL null
 * @param unset whether the value was left unset (then bytes is null and the column is not touched)
 */
public record RecordedValue(String name, ByteBuffer bytes, boolean unset) {
  public RecordedValue {
    bytes = bytes == null ? null : bytes.asReadOnlyBuffer();
  }

  public static RecordedValue of(String name, ByteBuffer bytes) {
    return new RecordedValue(name, bytes, false);
  }

  public static RecordedValue unset(String name) {
    return new RecordedValue(name, null, true);
  }
}
