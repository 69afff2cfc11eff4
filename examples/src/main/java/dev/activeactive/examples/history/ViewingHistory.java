package dev.activeactive.examples.history;

import dev.activeactive.evcache.api.DatasetCache;
import dev.activeactive.evcache.api.EVCacheException;
import dev.activeactive.evcache.api.Loaded;
import dev.activeactive.evcache.api.WriteOptions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * The viewing history of one region: Cassandra is the source of truth, the cache sits in front of it
 * (cache-aside), and the cache dataset is under {@code INVALIDATE}, so a write here drops the entry in the other
 * regions' caches and their next read reloads from their own datacenter.
 *
 * <p><b>Write:</b> one timestamp from the {@link RegionClock} goes to both the cache and the database.
 * <ol>
 *   <li>The cache entry is deleted with that timestamp as its version. This leaves a tombstone in every local zone
 *       and publishes the invalidation to the other regions. It comes first because a write that fails locally is
 *       never published: if the cache tier is down, the request fails before the database changes, instead of
 *       changing the database while the other regions keep serving the old entry from their caches.
 *   <li>The row is written at {@code LOCAL_QUORUM} {@code USING TIMESTAMP} the same value.
 * </ol>
 * If the database write fails after the delete, the tombstone only costs reloads until it expires.
 *
 * <p><b>Read:</b> {@code getOrLoad}; the loader reports the row's {@code WRITETIME} as the loaded version. A load
 * that read a datacenter which has not yet received the write behind a tombstone (Cassandra replication still in
 * flight) has an older version than the tombstone: the caller gets it, the cache does not keep it.
 */
public final class ViewingHistory {

  private final DatasetCache<String> cache;
  private final HistoryStore store;
  private final RegionClock clock;
  private final String region;

  /**
   * @param cache the {@code INVALIDATE} dataset holding entries as JSON
   * @param store this region's Cassandra table
   * @param clock this region's write clock
   * @param region this region's name, recorded in every entry it writes
   */
  public ViewingHistory(DatasetCache<String> cache, HistoryStore store, RegionClock clock, String region) {
    this.cache = cache;
    this.store = store;
    this.clock = clock;
    this.region = region;
  }

  /**
   * Records how far a user got into a title.
   *
   * @throws EVCacheException if the local cache tier cannot take the invalidation (nothing was written)
   * @throws com.datastax.oss.driver.api.core.DriverException if the database write failed
   */
  public HistoryEntry record(String user, String title, long positionSeconds) {
    HistoryEntry entry = new HistoryEntry(user, title, positionSeconds, region, clock.next());
    invalidate(key(user, title), entry.writeTimeMicros());
    store.insert(entry);
    return entry;
  }

  /** Deletes with an explicit version (only the asynchronous form takes options) and waits, as the sync forms do. */
  private void invalidate(String key, long versionMicros) {
    try {
      cache.deleteAsync(key, WriteOptions.version(versionMicros)).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof EVCacheException cacheFailure) {
        throw cacheFailure;
      }
      throw new EVCacheException("invalidation failed", e.getCause());
    }
  }

  /**
   * The entry for a user and title: from the cache, or loaded from this region's datacenter on a miss.
   *
   * <p>When no zone of the local cache answers, the entry is read from the database directly: a region whose
   * cache is down still serves, only slower.
   */
  public Optional<HistoryEntry> find(String user, String title) {
    String json;
    try {
      json = cache.getOrLoad(key(user, title), k -> store.find(user, title)
          .map(e -> Loaded.of(Json.write(e), e.writeTimeMicros()))
          .orElse(Loaded.notFound()));
    } catch (EVCacheException e) {
      return store.find(user, title);
    }
    return Optional.ofNullable(json).map(j -> Json.read(j, HistoryEntry.class));
  }

  /**
   * What this region's cache holds for a user and title, without loading on a miss: for drills and debugging,
   * to see whether a cache serves a stale entry.
   */
  public Optional<HistoryEntry> cached(String user, String title) {
    return Optional.ofNullable(cache.get(key(user, title))).map(j -> Json.read(j, HistoryEntry.class));
  }

  /**
   * Every entry of a user, from the database. Not cached: a list has no single write time to version it by, so
   * an invalidation could not tell a stale list from a fresh one.
   */
  public List<HistoryEntry> list(String user) {
    Ids.require("user", user);
    return store.list(user);
  }

  /** The cache key of a user's entry for a title. */
  public static String key(String user, String title) {
    return Ids.require("user", user) + ":" + Ids.require("title", title);
  }
}
