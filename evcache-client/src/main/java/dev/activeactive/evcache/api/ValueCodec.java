package dev.activeactive.evcache.api;

import java.nio.charset.StandardCharsets;

/**
 * Turns a dataset's values into bytes and back. The client stores the bytes inside its envelope (with the
 * write's version) and ships them unchanged to other regions under {@link ReplicationPolicy#REPLICATE}; it never
 * interprets them. Every region must use the same codec for a dataset.
 *
 * <p>{@link #bytes()} (identity) and {@link #utf8()} are provided; implement this interface for anything else
 * (JSON, protobuf, compression). Implementations must be thread-safe and should be stateless.
 *
 * @param <V> the value type
 */
public interface ValueCodec<V> {

  /** Encodes a value; must not return {@code null}. */
  byte[] encode(V value);

  /**
   * Decodes bytes produced by {@link #encode(Object)}.
   *
   * @param bytes the stored bytes; the array is not shared with anything else in the client, but may be handed
   *     out again by the near cache (do not modify it if the dataset has one)
   * @param flags the flags {@link #flags(Object)} returned when the value was written
   */
  V decode(byte[] bytes, int flags);

  /**
   * Opaque flags stored next to the value (for example a format marker, or whether the bytes are compressed),
   * given back to {@link #decode(byte[], int)}. 0 by default.
   */
  default int flags(V value) {
    return 0;
  }

  /**
   * Byte arrays as they are (no copy in either direction: callers must not modify an array after handing it to
   * the client or after receiving it).
   */
  static ValueCodec<byte[]> bytes() {
    return Codecs.BYTES;
  }

  /** Strings as UTF-8. */
  static ValueCodec<String> utf8() {
    return Codecs.UTF8;
  }
}

/** The built-in codecs. */
final class Codecs {
  static final ValueCodec<byte[]> BYTES = new ValueCodec<>() {
    @Override
    public byte[] encode(byte[] value) {
      return value;
    }

    @Override
    public byte[] decode(byte[] bytes, int flags) {
      return bytes;
    }

    @Override
    public String toString() {
      return "ValueCodec.bytes()";
    }
  };

  static final ValueCodec<String> UTF8 = new ValueCodec<>() {
    @Override
    public byte[] encode(String value) {
      return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String decode(byte[] bytes, int flags) {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return "ValueCodec.utf8()";
    }
  };

  private Codecs() {}
}
