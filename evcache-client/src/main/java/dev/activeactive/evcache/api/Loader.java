package dev.activeactive.evcache.api;

/**
 * Loads a value from the database after a cache miss, for {@link DatasetCache#getOrLoad(String, Loader)}. Runs on
 * the calling thread; may block.
 *
 * @param <V> the value type
 */
@FunctionalInterface
public interface Loader<V> {

  /**
   * Loads the value for a user key (the key as passed to {@code getOrLoad}, not namespaced).
   *
   * @return what was found; never {@code null} (use {@link Loaded#notFound()})
   * @throws Exception any failure; {@code getOrLoad} rethrows it wrapped in an {@link EVCacheException}
   */
  Loaded<V> load(String key) throws Exception;
}
