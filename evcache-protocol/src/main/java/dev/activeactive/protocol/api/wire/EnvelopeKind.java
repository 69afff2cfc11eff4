package dev.activeactive.protocol.api.wire;

/** What a memcached item written by this library holds. */
public enum EnvelopeKind {
  /** A cached value with its version and user flags. */
  VALUE(1),
  /**
   * A marker that the key was invalidated or deleted at a version: a read sees a miss, and an older replicated
   * value or a stale cache-aside fill cannot bring the key back while the tombstone lives.
   */
  TOMBSTONE(2);

  private final int code;

  EnvelopeKind(int code) {
    this.code = code;
  }

  /** The byte written on the wire. */
  public int code() {
    return code;
  }

  /** The kind for a wire code, or {@code null} if the code is unknown. */
  static EnvelopeKind fromCode(int code) {
    return switch (code) {
      case 1 -> VALUE;
      case 2 -> TOMBSTONE;
      default -> null;
    };
  }
}
