package dev.activeactive.appendlog.api;

import java.nio.ByteBuffer;

/**
 * One intact record read back from the log.
 *
 * @param position where it is
 * @param payload its bytes, read-only
 */
public record LogRecord(LogPosition position, ByteBuffer payload) {
  /** A copy of the payload as an array. */
  public byte[] bytes() {
    ByteBuffer copy = payload.duplicate();
    byte[] out = new byte[copy.remaining()];
    copy.get(out);
    return out;
  }
}
