package dev.activeactive.protocol.api.wire;

import dev.activeactive.protocol.api.version.Version;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes and decodes {@link Envelope}s, the bytes of memcached items. Layout (format version 1, big-endian;
 * see docs/wire-format.md):
 *
 * <pre>
 * offset  size  field
 * 0       1     magic 0xFE (never the first byte of UTF-8 text, Java serialization or gzip)
 * 1       1     format version = 1
 * 2       1     kind: 1 = VALUE, 2 = TOMBSTONE
 * 3       8     version timestamp, microseconds since the epoch (signed, must be &gt;= 0)
 * 11      1     version region length n (1..64)
 * 12      n     version region, ASCII
 * 12+n    4     user flags (0 for a tombstone)
 * 16+n    rest  payload (VALUE only; a tombstone has none)
 * </pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class EnvelopeCodec {

  /** First byte of every envelope. */
  public static final byte MAGIC = (byte) 0xFE;

  /** The envelope format version this library writes. */
  public static final int FORMAT_VERSION = 1;

  private static final int FIXED_HEADER = 16; // everything but the region bytes and the payload

  private EnvelopeCodec() {}

  /** The number of bytes {@link #encode(Envelope)} produces. */
  public static int encodedSize(Envelope envelope) {
    return FIXED_HEADER + envelope.version().originRegion().length() + envelope.payload().length;
  }

  /** The envelope overhead for a value whose version is from {@code region}: encoded size minus payload. */
  public static int overhead(String region) {
    return FIXED_HEADER + region.length();
  }

  /** Encodes an envelope into a new array. */
  public static byte[] encode(Envelope envelope) {
    Version version = envelope.version();
    byte[] region = version.originRegion().getBytes(StandardCharsets.US_ASCII);
    byte[] payload = envelope.payload();
    byte[] out = new byte[FIXED_HEADER + region.length + payload.length];
    out[0] = MAGIC;
    out[1] = FORMAT_VERSION;
    out[2] = (byte) envelope.kind().code();
    Bytes.putLong(out, 3, version.timestampMicros());
    out[11] = (byte) region.length;
    System.arraycopy(region, 0, out, 12, region.length);
    Bytes.putInt(out, 12 + region.length, envelope.flags());
    System.arraycopy(payload, 0, out, FIXED_HEADER + region.length, payload.length);
    return out;
  }

  /** Whether {@code bytes} start like an envelope (magic byte); cheap, does not validate the rest. */
  public static boolean looksLikeEnvelope(byte[] bytes) {
    return bytes != null && bytes.length > 0 && bytes[0] == MAGIC;
  }

  /**
   * Decodes an envelope.
   *
   * @throws EnvelopeFormatException if the bytes are not a well-formed envelope of a known format version
   */
  public static Envelope decode(byte[] bytes) throws EnvelopeFormatException {
    if (!looksLikeEnvelope(bytes)) {
      throw new EnvelopeFormatException(EnvelopeFormatException.Reason.NOT_AN_ENVELOPE,
          "item does not start with the envelope magic byte");
    }
    if (bytes.length < 2) {
      throw truncated(bytes.length);
    }
    int format = bytes[1] & 0xFF;
    if (format != FORMAT_VERSION) {
      throw new EnvelopeFormatException(EnvelopeFormatException.Reason.UNSUPPORTED_VERSION,
          "envelope format version " + format + " is not supported (this library reads " + FORMAT_VERSION + ")");
    }
    if (bytes.length < FIXED_HEADER) {
      throw truncated(bytes.length);
    }
    EnvelopeKind kind = EnvelopeKind.fromCode(bytes[2] & 0xFF);
    if (kind == null) {
      throw new EnvelopeFormatException(EnvelopeFormatException.Reason.BAD_KIND, "unknown kind " + (bytes[2] & 0xFF));
    }
    long micros = Bytes.getLong(bytes, 3);
    int regionLength = bytes[11] & 0xFF;
    if (bytes.length < FIXED_HEADER + regionLength) {
      throw truncated(bytes.length);
    }
    Version version;
    try {
      version = new Version(micros, new String(bytes, 12, regionLength, StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw new EnvelopeFormatException(EnvelopeFormatException.Reason.BAD_VERSION, e.getMessage());
    }
    int flags = Bytes.getInt(bytes, 12 + regionLength);
    int payloadStart = FIXED_HEADER + regionLength;
    if (kind == EnvelopeKind.TOMBSTONE) {
      if (bytes.length != payloadStart || flags != 0) {
        throw new EnvelopeFormatException(EnvelopeFormatException.Reason.BAD_TOMBSTONE,
            "tombstone carries " + (bytes.length - payloadStart) + " payload bytes and flags " + flags);
      }
      return Envelope.tombstone(version);
    }
    return Envelope.value(version, flags, Arrays.copyOfRange(bytes, payloadStart, bytes.length));
  }

  private static EnvelopeFormatException truncated(int length) {
    return new EnvelopeFormatException(EnvelopeFormatException.Reason.TRUNCATED,
        "item of " + length + " bytes ends inside the envelope header");
  }
}
