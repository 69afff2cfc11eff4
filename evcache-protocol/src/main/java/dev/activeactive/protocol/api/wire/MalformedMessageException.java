package dev.activeactive.protocol.api.wire;

/**
 * An SQS message body could not be decoded into a {@link Message}. The {@link #reason()} is machine-readable
 * (the relay counts rejections by reason); the message text describes the problem without echoing the body.
 */
public final class MalformedMessageException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a body was rejected. Stable names, suitable as metric tags. */
  public enum Reason {
    /** The body does not start with the text prefix: not published by this library. */
    NOT_A_MESSAGE,
    /** The body is larger than the configured limit. */
    OVERSIZED,
    /** The text after the prefix is not valid Base64. */
    BAD_BASE64,
    /** The frame ends before a field it announces. */
    TRUNCATED,
    /** The frame does not start with the frame magic. */
    BAD_MAGIC,
    /** The frame's format version is not one this reader knows (published by a newer library). */
    UNSUPPORTED_VERSION,
    /** The header has flag bits this reader does not know. */
    UNSUPPORTED_FLAGS,
    /** A header field is invalid (region name, negative time). */
    BAD_HEADER,
    /** The operation count is zero or larger than the frame could hold. */
    BAD_OPERATION_COUNT,
    /** An operation has an unknown type code. */
    BAD_OPERATION_TYPE,
    /** An operation field is invalid (region, negative timestamp, value length). */
    BAD_OPERATION,
    /** An operation key is not valid UTF-8 or not a valid namespaced memcached key. */
    INVALID_KEY,
    /** Bytes remain after the last operation. */
    TRAILING_BYTES,
    /** The reader requires signatures and the frame is not signed. */
    MISSING_SIGNATURE,
    /** The frame's HMAC does not match any configured key. */
    BAD_SIGNATURE
  }

  /** Why the bytes were refused. */
  private final Reason reason;

  MalformedMessageException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  /** Why the body was rejected. */
  public Reason reason() {
    return reason;
  }
}
