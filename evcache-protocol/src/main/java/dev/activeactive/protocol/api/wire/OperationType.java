package dev.activeactive.protocol.api.wire;

/** What a cross-region {@link Operation} asks the remote region to do with a key. */
public enum OperationType {
  /** The key was written locally under an INVALIDATE dataset: drop it remotely (leave a tombstone). */
  INVALIDATE(1),
  /** The key was deleted locally: drop it remotely (leave a tombstone). Deletes propagate under every policy. */
  DELETE(2),
  /** The key was written locally under a REPLICATE dataset: store the value remotely if it is newer. */
  REPLICATE(3);

  private final int code;

  OperationType(int code) {
    this.code = code;
  }

  /** The byte written on the wire. */
  public int code() {
    return code;
  }

  /** Whether the operation removes the key remotely (INVALIDATE or DELETE). */
  public boolean removesKey() {
    return this != REPLICATE;
  }

  /** The type for a wire code, or {@code null} if unknown. */
  static OperationType fromCode(int code) {
    return switch (code) {
      case 1 -> INVALIDATE;
      case 2 -> DELETE;
      case 3 -> REPLICATE;
      default -> null;
    };
  }
}
