package dev.activeactive.appendlog.internal;

import dev.activeactive.appendlog.api.AppendLogOptions;
import dev.activeactive.appendlog.api.LogPosition;
import dev.activeactive.appendlog.api.LogRecord;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The bytes of a segment file: an 8-byte header ({@code "AALS"}, format version u32 = 1), then frames of
 * {@code [sync u32 "AALR"][length u32][crc32c u32 of the length bytes and the payload][payload]}. The sync
 * marker lets a reader find the next intact frame after damage instead of stopping there.
 */
final class FrameCodec {
  static final int HEADER_BYTES = 8;
  static final int FRAME_HEADER_BYTES = 12;
  static final int FORMAT_VERSION = 1;
  private static final int SEGMENT_MAGIC = 0x41414C53; // "AALS"
  private static final int SYNC = 0x41414C52; // "AALR"

  private FrameCodec() {}

  static ByteBuffer header() {
    return ByteBuffer.allocate(HEADER_BYTES).putInt(SEGMENT_MAGIC).putInt(FORMAT_VERSION).flip();
  }

  static ByteBuffer frame(ByteBuffer payload) {
    ByteBuffer body = payload.duplicate();
    int length = body.remaining();
    if (length > AppendLogOptions.MAX_RECORD_BYTES) {
      throw new IllegalArgumentException("A record of " + length + " bytes is larger than the log's limit of "
          + AppendLogOptions.MAX_RECORD_BYTES + " bytes");
    }
    ByteBuffer frame = ByteBuffer.allocate(FRAME_HEADER_BYTES + length);
    frame.putInt(SYNC).putInt(length).putInt(0).put(body);
    frame.putInt(8, crc(frame.array(), 4, length));
    return frame.flip();
  }

  /** CRC32C of the 4 length bytes at {@code lengthOffset} followed by the {@code length} payload bytes. */
  private static int crc(byte[] bytes, int lengthOffset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, lengthOffset, 4);
    crc.update(bytes, lengthOffset + 8, length);
    return (int) crc.getValue();
  }

  /** What a scan of a segment's bytes found. */
  record Scan(List<LogRecord> records, long damagedBytes, boolean headerIntact) {}

  /**
   * The intact frames of {@code bytes[0, end)}. A damaged header is counted as damage and the frames after it
   * are still read; a damaged frame is skipped up to the next offset where an intact frame starts.
   */
  static Scan scan(long segment, byte[] bytes, int end) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, end);
    boolean headerIntact = end >= HEADER_BYTES && buffer.getInt(0) == SEGMENT_MAGIC
        && buffer.getInt(4) == FORMAT_VERSION;
    List<LogRecord> records = new ArrayList<>();
    long damaged = 0;
    int position = headerIntact ? HEADER_BYTES : 0;
    int damageStart = -1;
    while (position < end) {
      int length = intactFrameLength(bytes, position, end);
      if (length < 0) {
        if (damageStart < 0) {
          damageStart = position;
        }
        position++;
        continue;
      }
      if (damageStart >= 0) {
        damaged += position - damageStart;
        damageStart = -1;
      }
      ByteBuffer payload = ByteBuffer.wrap(bytes, position + FRAME_HEADER_BYTES, length).slice().asReadOnlyBuffer();
      records.add(new LogRecord(new LogPosition(segment, position), payload));
      position += FRAME_HEADER_BYTES + length;
    }
    if (damageStart >= 0) {
      damaged += end - damageStart;
    }
    if (!headerIntact) {
      damaged = Math.max(damaged, Math.min(end, HEADER_BYTES));
    }
    return new Scan(records, damaged, headerIntact);
  }

  /** The payload length of an intact frame at {@code position}, or -1. */
  private static int intactFrameLength(byte[] bytes, int position, int end) {
    if (end - position < FRAME_HEADER_BYTES) {
      return -1;
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    if (buffer.getInt(position) != SYNC) {
      return -1;
    }
    int length = buffer.getInt(position + 4);
    if (length < 0 || length > AppendLogOptions.MAX_RECORD_BYTES || length > end - position - FRAME_HEADER_BYTES) {
      return -1;
    }
    return crc(bytes, position + 4, length) == buffer.getInt(position + 8) ? length : -1;
  }
}
