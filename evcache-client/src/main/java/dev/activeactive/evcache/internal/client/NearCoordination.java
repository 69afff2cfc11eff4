package dev.activeactive.evcache.internal.client;

import dev.activeactive.evcache.api.ValueCodec;
import dev.activeactive.protocol.api.version.Version;

/**
 * Keeps a dataset's near cache in step with what its operations saw: a value read or written is offered at its
 * version, a delete leaves a tombstone, and anything whose outcome is unknown (a failed or superseded write) is
 * dropped, so the near cache never serves what the zones may no longer hold. Without a near cache, does nothing.
 *
 * <p>Thread-safe.
 */
final class NearCoordination {

  private final NearCache near;

  NearCoordination(NearCache near) {
    this.near = near;
  }

  /** The near cache's value for {@code key}, or {@code null} (a miss, or no near cache). */
  <V> V get(String key, ValueCodec<V> codec) {
    return near == null ? null : near.get(key, codec);
  }

  /** Whether there is a near cache at all. */
  boolean enabled() {
    return near != null;
  }

  /** A value read from or written to the zones at {@code version}. */
  <V> void seen(String key, Version version, V value, ValueCodec<V> codec, byte[] payload, int flags) {
    if (near != null && value != null) {
      near.offer(key, version, value, codec, payload, flags);
    }
  }

  /** A set completed: remember the value, unless every zone already held something newer. */
  <V> void setDone(String key, boolean superseded, Version version, V value, ValueCodec<V> codec, byte[] payload,
      int flags) {
    if (superseded) {
      unknown(key);
    } else {
      seen(key, version, value, codec, payload, flags);
    }
  }

  /** A delete completed at {@code version}. */
  void deleted(String key, Version version) {
    if (near != null) {
      near.tombstone(key, version);
    }
  }

  /** What the zones hold for {@code key} is not known (a failed write, a lost add, a superseded set). */
  void unknown(String key) {
    if (near != null) {
      near.invalidate(key);
    }
  }
}
