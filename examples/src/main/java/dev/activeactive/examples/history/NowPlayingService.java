package dev.activeactive.examples.history;

import dev.activeactive.evcache.api.DatasetCache;
import dev.activeactive.evcache.api.WriteResult;
import java.util.Optional;

/**
 * What users are watching right now, kept only in the cache under {@code REPLICATE}: a write here stores the value
 * in every local zone and ships it to the other regions, whose relays store it if it is newer than what they hold.
 * There is no database behind it, so the value must travel; an invalidation would simply lose it.
 */
public final class NowPlayingService {

  private final DatasetCache<String> cache;
  private final String region;

  /**
   * @param cache the {@code REPLICATE} dataset holding values as JSON, keyed by user
   * @param region this region's name, recorded in every value it writes
   */
  public NowPlayingService(DatasetCache<String> cache, String region) {
    this.cache = cache;
    this.region = region;
  }

  /**
   * Sets what a user is watching.
   *
   * @throws dev.activeactive.evcache.api.EVCacheException if no local zone took the write (nothing is published)
   */
  public NowPlayingWrite set(String user, String title) {
    NowPlaying value = new NowPlaying(user, title, region);
    WriteResult result = cache.set(user, Json.write(value));
    return new NowPlayingWrite(value, result.versionMicros(), result.superseded());
  }

  /** What a user is watching, as this region's cache has it. */
  public Optional<NowPlaying> get(String user) {
    Ids.require("user", user);
    return Optional.ofNullable(cache.get(user)).map(j -> Json.read(j, NowPlaying.class));
  }

  /** Clears what a user is watching, here and, through the relays, in every region. */
  public void clear(String user) {
    Ids.require("user", user);
    cache.delete(user);
  }
}
