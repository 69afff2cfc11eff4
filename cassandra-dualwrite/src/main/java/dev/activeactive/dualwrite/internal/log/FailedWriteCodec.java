package dev.activeactive.dualwrite.internal.log;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The bytes of a {@link FailedWrite}: a payload that starts with a format version, stored as one record of the
 * append log (which adds the framing and checksum). {@link #encode} and {@link #decodeNext} are the first
 * layout's frames ({@code [int length][int crc32c][payload]}, one after another in a plain file), read only to
 * import logs written by earlier versions.
 */
public final class FailedWriteCodec {
  static final byte VERSION = 2;
  /** Version 1 had no {@code nowInSeconds}; still read. */
  static final byte VERSION_1 = 1;
  static final int HEADER_BYTES = 8;
  /** Far above any real write; a larger length means a corrupt frame, not a big record. */
  static final int MAX_PAYLOAD_BYTES = 256 * 1024 * 1024;

  private static final byte NULL_VALUE = 0;
  private static final byte UNSET_VALUE = 1;
  private static final byte BYTES_VALUE = 2;

  private FailedWriteCodec() {}

  /** The first layout's frame for a record (tests and the import of old logs). */
  public static ByteBuffer encode(FailedWrite write) {
    byte[] payload = payload(write);
    CRC32C crc = new CRC32C();
    crc.update(payload);
    ByteBuffer frame = ByteBuffer.allocate(HEADER_BYTES + payload.length);
    frame.putInt(payload.length).putInt((int) crc.getValue()).put(payload).flip();
    return frame;
  }

  /**
   * Decodes the frame at the buffer's position and advances past it.
   *
   * @return the record, or null when the rest of the buffer does not hold a whole, intact frame (a torn tail)
   */
  public static FailedWrite decodeNext(ByteBuffer buffer) {
    if (buffer.remaining() < HEADER_BYTES) {
      return null;
    }
    int start = buffer.position();
    int length = buffer.getInt();
    int expectedCrc = buffer.getInt();
    if (length < 0 || length > MAX_PAYLOAD_BYTES || buffer.remaining() < length) {
      buffer.position(start);
      return null;
    }
    byte[] payload = new byte[length];
    buffer.get(payload);
    CRC32C crc = new CRC32C();
    crc.update(payload);
    if ((int) crc.getValue() != expectedCrc) {
      buffer.position(start);
      return null;
    }
    return fromPayload(payload);
  }

  /** The record as stored in the append log. */
  public static byte[] payload(FailedWrite write) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      writeString(out, write.target());
      writeString(out, write.keyspace());
      out.writeLong(write.writeTimestamp());
      writeNullableString(out, write.consistency());
      writeNullableString(out, write.batchType());
      out.writeLong(write.recordedAtMillis());
      out.writeInt(write.nowInSeconds());
      out.writeInt(write.statements().size());
      for (RecordedStatement statement : write.statements()) {
        writeString(out, statement.cql());
        out.writeInt(statement.values().size());
        for (RecordedValue value : statement.values()) {
          writeNullableString(out, value.name());
          if (value.unset()) {
            out.writeByte(UNSET_VALUE);
          } else if (value.bytes() == null) {
            out.writeByte(NULL_VALUE);
          } else {
            out.writeByte(BYTES_VALUE);
            ByteBuffer b = value.bytes().duplicate();
            out.writeInt(b.remaining());
            byte[] array = new byte[b.remaining()];
            b.get(array);
            out.write(array);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in-memory stream: cannot happen
    }
    return bytes.toByteArray();
  }

  /**
   * Parses a stored record.
   *
   * @throws IllegalStateException when it is of a format this version does not read
   */
  public static FailedWrite fromPayload(byte[] payload) {
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload))) {
      byte version = in.readByte();
      if (version != VERSION && version != VERSION_1) {
        throw new IllegalStateException("Failed-write record has format version " + version + "; this library "
            + "reads versions " + VERSION_1 + " and " + VERSION + ". Replay it with the library version that "
            + "wrote it.");
      }
      String target = readString(in);
      String keyspace = readString(in);
      long timestamp = in.readLong();
      String consistency = readNullableString(in);
      String batchType = readNullableString(in);
      long recordedAt = in.readLong();
      int nowInSeconds = version == VERSION_1 ? (int) (recordedAt / 1000) : in.readInt();
      int statementCount = in.readInt();
      List<RecordedStatement> statements = new ArrayList<>(statementCount);
      for (int s = 0; s < statementCount; s++) {
        String cql = readString(in);
        int valueCount = in.readInt();
        List<RecordedValue> values = new ArrayList<>(valueCount);
        for (int v = 0; v < valueCount; v++) {
          String name = readNullableString(in);
          byte kind = in.readByte();
          values.add(switch (kind) {
            case UNSET_VALUE -> RecordedValue.unset(name);
            case NULL_VALUE -> RecordedValue.of(name, null);
            case BYTES_VALUE -> {
              byte[] array = new byte[in.readInt()];
              in.readFully(array);
              yield RecordedValue.of(name, ByteBuffer.wrap(array));
            }
            default -> throw new IllegalStateException("Unknown value kind " + kind + " in failed-write record");
          });
        }
        statements.add(new RecordedStatement(cql, values));
      }
      return new FailedWrite(target, keyspace, timestamp, consistency, batchType, statements, recordedAt,
          nowInSeconds);
    } catch (IOException e) {
      throw new IllegalStateException("Failed-write record passed its checksum but does not parse", e);
    }
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static void writeNullableString(DataOutputStream out, String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      writeString(out, s);
    }
  }

  private static String readString(DataInputStream in) throws IOException {
    byte[] utf8 = new byte[in.readInt()];
    in.readFully(utf8);
    return new String(utf8, StandardCharsets.UTF_8);
  }

  private static String readNullableString(DataInputStream in) throws IOException {
    return in.readBoolean() ? readString(in) : null;
  }
}
