package dev.activeactive.examples.boot;

import dev.activeactive.evcache.api.DatasetCache;
import dev.activeactive.evcache.api.EVCacheClient;
import dev.activeactive.evcache.api.Loaded;
import dev.activeactive.evcache.api.ValueCodec;
import dev.activeactive.evcache.api.WriteOptions;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Viewing history (Cassandra, cache-aside under INVALIDATE) and what users watch now (cache only, REPLICATE), as in
 * the examples module's service. A write invalidates the cache entry at the write's timestamp first (so a cache
 * tier that is down fails the request before the database changes), then writes the row with the same timestamp;
 * a read loads the row with its WRITETIME as the version, so a load from a datacenter that has not yet received
 * the write cannot overwrite the newer tombstone.
 */
@Service
public class ViewingHistory {

  private final DatasetCache<String> history;
  private final DatasetCache<String> nowPlaying;
  private final HistoryStore store;
  private final String region;
  private final AtomicLong lastMicros = new AtomicLong();

  public ViewingHistory(EVCacheClient cache, HistoryStore store, @Value("${active-active.region}") String region) {
    this.history = cache.dataset("history", ValueCodec.utf8());
    this.nowPlaying = cache.dataset("now-playing", ValueCodec.utf8());
    this.store = store;
    this.region = region;
  }

  /** Records a position; returns it. */
  public Position record(String user, String title, long seconds) {
    Position position = new Position(seconds, region);
    long version = nextMicros();
    history.deleteAsync(key(user, title), WriteOptions.version(version)).join();
    store.insert(user, title, position, version);
    return position;
  }

  /** The position, from the cache or this region's datacenter. */
  public Optional<Position> find(String user, String title) {
    String cached = history.getOrLoad(key(user, title), k -> store.find(user, title)
        .map(s -> Loaded.of(s.position().encode(), s.writeTimeMicros()))
        .orElse(Loaded.notFound()));
    return Optional.ofNullable(cached).map(Position::decode);
  }

  /** Sets what a user watches now; other regions receive the value. */
  public void watch(String user, String title) {
    nowPlaying.set(user, title + "|" + region);
  }

  /** What a user watches now, as this region's cache has it ({@code title|region}). */
  public Optional<String> watching(String user) {
    return Optional.ofNullable(nowPlaying.get(user));
  }

  private static String key(String user, String title) {
    return user + ":" + title;
  }

  /**
   * Microseconds, strictly increasing in this process. Two regions can issue the same value (the examples
   * module's RegionClock avoids that with a region digit); a sample simplification.
   */
  private long nextMicros() {
    Instant now = Instant.now();
    long wall = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    return lastMicros.accumulateAndGet(wall, (prev, w) -> w > prev ? w : prev + 1);
  }
}
