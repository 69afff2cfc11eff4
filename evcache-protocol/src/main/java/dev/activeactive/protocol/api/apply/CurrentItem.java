package dev.activeactive.protocol.api.apply;

import dev.activeactive.protocol.api.wire.Envelope;
import dev.activeactive.protocol.api.wire.EnvelopeCodec;
import dev.activeactive.protocol.api.wire.EnvelopeFormatException;
import java.util.Objects;

/**
 * What memcached holds for a key, as far as the apply rules care: nothing, an envelope, or bytes that are not an
 * envelope this library can read (another client's value, garbage, or a newer envelope format).
 */
public sealed interface CurrentItem {

  /** The key is absent. */
  CurrentItem ABSENT = new Absent();

  /** Classifies raw item bytes ({@code null} for an absent key). */
  static CurrentItem of(byte[] bytes) {
    if (bytes == null) {
      return ABSENT;
    }
    try {
      return new Enveloped(EnvelopeCodec.decode(bytes));
    } catch (EnvelopeFormatException e) {
      return new Foreign(e.reason());
    }
  }

  /** No item. */
  record Absent() implements CurrentItem {}

  /**
   * An item that is not a readable envelope. It carries no version, so any versioned operation replaces it.
   *
   * @param reason why it could not be read
   */
  record Foreign(EnvelopeFormatException.Reason reason) implements CurrentItem {
    /** Requires a reason. */
    public Foreign {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * A readable envelope.
   *
   * @param envelope the decoded envelope
   */
  record Enveloped(Envelope envelope) implements CurrentItem {
    /** Requires an envelope. */
    public Enveloped {
      Objects.requireNonNull(envelope, "envelope");
    }
  }
}
