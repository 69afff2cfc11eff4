package dev.activeactive.evcache.internal.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.activeactive.evcache.api.NearCacheConfig;
import dev.activeactive.evcache.api.ValueCodec;
import dev.activeactive.protocol.api.version.Version;

/**
 * A dataset's in-process cache (Caffeine, size- and expire-after-write-bounded), keyed by the user key. Entries
 * carry the version they were written or read at, and an entry is only ever replaced by a newer one: a slow read
 * that returns after a local write or delete cannot put the older value back. Local deletes leave a near-cache
 * tombstone (a miss) for the same reason.
 *
 * <p>It holds decoded values (so a hit costs one Caffeine lookup) together with the bytes and the codec that
 * produced them; a handle with another codec decodes the bytes instead. Thread-safe.
 */
final class NearCache {

  private final Cache<String, Entry> cache;

  NearCache(NearCacheConfig config, boolean recordStats) {
    Caffeine<Object, Object> builder = Caffeine.newBuilder()
        .maximumSize(config.maximumSize())
        .expireAfterWrite(config.expireAfterWrite());
    if (recordStats) {
      builder.recordStats();
    }
    this.cache = builder.build();
  }

  /** The Caffeine cache, for metrics. */
  Cache<String, Entry> cache() {
    return cache;
  }

  /** The value for {@code key} decoded with {@code codec}, or {@code null} on a miss (or a tombstone). */
  @SuppressWarnings("unchecked")
  <V> V get(String key, ValueCodec<V> codec) {
    Entry entry = cache.getIfPresent(key);
    if (entry == null || entry.bytes == null) {
      return null;
    }
    if (entry.codec == codec) {
      return (V) entry.value;
    }
    return codec.decode(entry.bytes, entry.flags);
  }

  /** Remembers a value at a version, unless a newer entry (value or tombstone) is present. */
  <V> void offer(String key, Version version, V value, ValueCodec<V> codec, byte[] bytes, int flags) {
    Entry fresh = new Entry(version, value, codec, bytes, flags);
    cache.asMap().merge(key, fresh, (old, neu) -> neu.version.isNewerThan(old.version) ? neu : old);
  }

  /** Remembers that the key was deleted at a version (reads miss), unless a newer entry is present. */
  void tombstone(String key, Version version) {
    Entry fresh = new Entry(version, null, null, null, 0);
    cache.asMap().merge(key, fresh, (old, neu) -> neu.version.isNewerThan(old.version) ? neu : old);
  }

  /** Forgets the key. */
  void invalidate(String key) {
    cache.invalidate(key);
  }

  /** One entry; {@code bytes == null} marks a tombstone. */
  record Entry(Version version, Object value, ValueCodec<?> codec, byte[] bytes, int flags) {}
}
