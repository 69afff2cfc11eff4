package dev.activeactive.protocol.api.wire;

/**
 * A memcached item's bytes are not an envelope this library can read: another client wrote the key, the item is
 * garbage, or a newer library version wrote a format this one does not know. {@link #reason()} says which.
 */
public final class EnvelopeFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the bytes were rejected. */
  public enum Reason {
    /** The bytes do not start with the envelope magic: written by something else. */
    NOT_AN_ENVELOPE,
    /** The magic matches but the format version is unknown to this reader (written by a newer library). */
    UNSUPPORTED_VERSION,
    /** The bytes end before the header does. */
    TRUNCATED,
    /** The kind byte is unknown. */
    BAD_KIND,
    /** The region or timestamp of the version is invalid. */
    BAD_VERSION,
    /** A tombstone carries payload bytes or flags. */
    BAD_TOMBSTONE
  }

  /** Why the bytes were refused. */
  private final Reason reason;

  EnvelopeFormatException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  /** Why the bytes were rejected; stable, suitable as a metric tag. */
  public Reason reason() {
    return reason;
  }
}
