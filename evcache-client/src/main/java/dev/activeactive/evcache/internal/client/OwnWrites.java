package dev.activeactive.evcache.internal.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.activeactive.protocol.api.version.Version;
import dev.activeactive.protocol.api.zone.CasStore.StoreReply;

/**
 * What this client last knew to be stored under a key in a zone: the item's CAS id and the version of its
 * envelope, as its own conditional write stored it (or its own read saw it). A conditional write of such a key
 * can then compare-and-swap against that id at once, one round trip, instead of reading the item first; if the
 * item changed meanwhile (another writer, the relay, an eviction) the swap fails and the write falls back to
 * read-decide-write, so a wrong memory costs a round trip, never a lost update.
 *
 * <p>A CAS id counts only within the {@linkplain dev.activeactive.protocol.api.zone.CasStore#casGeneration()
 * generation} it came from: after a reconnect (possibly to a restarted server, whose CAS counter started again)
 * every remembered id of that zone is ignored. Bounded (least recently used entries go first); thread-safe.
 */
final class OwnWrites {

  /**
   * A remembered item.
   *
   * @param cas its CAS id
   * @param version the version of the envelope it holds
   * @param generation the zone's CAS generation the id belongs to
   */
  record Known(long cas, Version version, long generation) {}

  private record Slot(String zone, String key) {}

  private final Cache<Slot, Known> memory;

  private OwnWrites(Cache<Slot, Known> memory) {
    this.memory = memory;
  }

  /** Remembers up to {@code maxEntries} keys; 0 remembers nothing (every conditional write reads first). */
  static OwnWrites bounded(int maxEntries) {
    if (maxEntries < 0) {
      throw new IllegalArgumentException("maxEntries must not be negative: " + maxEntries);
    }
    return new OwnWrites(maxEntries == 0 ? null : Caffeine.newBuilder()
        .maximumSize(maxEntries)
        .executor(Runnable::run) // upkeep is a few pointer moves: not worth a hop to the common pool
        .build());
  }

  /** Whether anything is remembered at all (stores then report their CAS ids, which needs memcached 1.6+). */
  boolean enabled() {
    return memory != null;
  }

  /** What is remembered for the key in the zone, if it belongs to {@code generation}; else {@code null}. */
  Known recall(String zone, String key, long generation) {
    if (memory == null) {
      return null;
    }
    Known known = memory.getIfPresent(new Slot(zone, key));
    return known != null && known.generation() == generation ? known : null;
  }

  /** Remembers an item; an unknown CAS id ({@link StoreReply#UNKNOWN_CAS}) forgets the key instead. */
  void remember(String zone, String key, long cas, Version version, long generation) {
    if (memory == null) {
      return;
    }
    if (cas == StoreReply.UNKNOWN_CAS) {
      forget(zone, key);
    } else {
      memory.put(new Slot(zone, key), new Known(cas, version, generation));
    }
  }

  /** Forgets the key in the zone: this client changed it in a way that leaves its CAS id unknown. */
  void forget(String zone, String key) {
    if (memory != null) {
      memory.invalidate(new Slot(zone, key));
    }
  }

  /** Keys remembered now (all zones), for tests and diagnostics. */
  long size() {
    if (memory == null) {
      return 0;
    }
    memory.cleanUp();
    return memory.estimatedSize();
  }
}
