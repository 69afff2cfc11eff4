package dev.activeactive.protocol.api.wire;

import dev.activeactive.protocol.api.version.Version;
import java.util.Arrays;
import java.util.Objects;

/**
 * What this library stores as a memcached item's bytes: a {@link EnvelopeKind kind}, the {@link Version} of the
 * write, the user's flags, and for a value the payload. The version is what makes remote application
 * conditional (a replicated value lands only if newer than what is stored). Encoded by {@link EnvelopeCodec}.
 *
 * <p>Immutable as long as callers do not modify the payload array they passed in or received.
 */
public final class Envelope {

  private static final byte[] EMPTY = new byte[0];

  private final EnvelopeKind kind;
  private final Version version;
  private final int flags;
  private final byte[] payload;

  private Envelope(EnvelopeKind kind, Version version, int flags, byte[] payload) {
    this.kind = kind;
    this.version = Objects.requireNonNull(version, "version");
    this.flags = flags;
    this.payload = payload;
  }

  /** A value envelope. The payload array is not copied. */
  public static Envelope value(Version version, int flags, byte[] payload) {
    return new Envelope(EnvelopeKind.VALUE, version, flags, Objects.requireNonNull(payload, "payload"));
  }

  /** A tombstone at a version; it has no payload and zero flags. */
  public static Envelope tombstone(Version version) {
    return new Envelope(EnvelopeKind.TOMBSTONE, version, 0, EMPTY);
  }

  /** Whether this is a value or a tombstone. */
  public EnvelopeKind kind() {
    return kind;
  }

  /** Whether this is a tombstone. */
  public boolean isTombstone() {
    return kind == EnvelopeKind.TOMBSTONE;
  }

  /** The version of the write that produced this envelope. */
  public Version version() {
    return version;
  }

  /** The user's flags (opaque to this library; 0 for tombstones). */
  public int flags() {
    return flags;
  }

  /** The payload (empty for tombstones). Not copied: do not modify. */
  public byte[] payload() {
    return payload;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Envelope e && kind == e.kind && flags == e.flags && version.equals(e.version)
        && Arrays.equals(payload, e.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, version, flags, Arrays.hashCode(payload));
  }

  /** Describes the envelope without its payload (payloads never go to logs). */
  @Override
  public String toString() {
    return kind + "{version=" + version + ", flags=" + flags + ", payloadBytes=" + payload.length + "}";
  }
}
