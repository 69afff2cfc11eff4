package dev.activeactive.evcache.internal.client;

import dev.activeactive.evcache.api.ValueCodec;
import dev.activeactive.protocol.api.version.Version;
import dev.activeactive.protocol.api.wire.Envelope;
import dev.activeactive.protocol.api.wire.EnvelopeCodec;
import dev.activeactive.protocol.api.wire.EnvelopeFormatException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A dataset's reads: the near cache first, then the zones with fallback; items are unwrapped from their version
 * envelope, tombstones and unreadable items read as misses, and another region's version moves the clock.
 *
 * @param <V> the value type
 */
final class DatasetReads<V> {

  private final ClientCore core;
  private final DatasetRuntime ds;
  private final ValueCodec<V> codec;
  private final NearCoordination near;

  DatasetReads(ClientCore core, DatasetRuntime ds, ValueCodec<V> codec, NearCoordination near) {
    this.core = core;
    this.ds = ds;
    this.codec = codec;
    this.near = near;
  }

  /** The near cache's value, or {@code null}; checks that the client is open. */
  V nearHit(String key) {
    core.checkOpen();
    return near.enabled() ? near.get(Objects.requireNonNull(key, "key"), codec) : null;
  }

  CompletableFuture<V> get(String key) {
    V hit = nearHit(key);
    if (hit != null) {
      return CompletableFuture.completedFuture(hit);
    }
    String mkey = ds.keys.memcachedKey(key);
    return core.zones.read(mkey, ds.name, CacheOperation.GET).thenApply(bytes -> decode(key, bytes));
  }

  /** {@link #get}, waiting; a near-cache hit never leaves this thread. */
  V getNow(String key) {
    V hit = nearHit(key);
    return hit != null ? hit : ClientCore.join(get(key));
  }

  CompletableFuture<Map<String, V>> getBulk(Collection<String> keys) {
    core.checkOpen();
    Map<String, V> found = new LinkedHashMap<>();
    Map<String, String> userKeys = new HashMap<>(); // memcached key -> user key
    for (String key : keys) {
      V hit = near.enabled() ? near.get(Objects.requireNonNull(key, "key"), codec) : null;
      if (hit != null) {
        found.put(key, hit);
        continue;
      }
      userKeys.put(ds.keys.memcachedKey(key), key);
    }
    if (userKeys.isEmpty()) {
      return CompletableFuture.completedFuture(found);
    }
    return core.zones.readBulk(userKeys.keySet(), ds.name, CacheOperation.GET_BULK).thenApply(items -> {
      for (Map.Entry<String, byte[]> item : items.entrySet()) {
        String userKey = userKeys.get(item.getKey());
        if (userKey != null) {
          V value = decode(userKey, item.getValue());
          if (value != null) {
            found.put(userKey, value);
          }
        }
      }
      return found;
    });
  }

  /** An item's value, or {@code null} for an absent key, a tombstone or an unreadable item. */
  private V decode(String userKey, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    Envelope envelope;
    try {
      envelope = EnvelopeCodec.decode(bytes);
    } catch (EnvelopeFormatException e) {
      core.events.unreadableItem(ds.name);
      return null;
    }
    if (envelope.isTombstone()) {
      return null;
    }
    Version version = envelope.version();
    if (!version.originRegion().equals(core.region)) {
      // a write made after reading this value must order after it, whatever this host's clock says
      core.clock.observe(version);
    }
    V value = codec.decode(envelope.payload(), envelope.flags());
    near.seen(userKey, version, value, codec, envelope.payload(), envelope.flags());
    return value;
  }
}
