package dev.activeactive.evcache.api;

import java.util.concurrent.CompletionStage;

/**
 * Loads a value from the database after a cache miss, asynchronously, for
 * {@link DatasetCache#getOrLoadAsync(String, AsyncLoader)}.
 *
 * <p>It is called on a memcached I/O thread and must not block: start the load (for example an asynchronous
 * database query) and return its stage. To call a blocking loader asynchronously, hand it your own executor:
 * {@code key -> CompletableFuture.supplyAsync(() -> blockingLoad(key), executor)}.
 *
 * @param <V> the value type
 */
@FunctionalInterface
public interface AsyncLoader<V> {

  /**
   * Starts loading the value for a user key (not namespaced).
   *
   * @return a stage completing with what was found (never {@code null}; use {@link Loaded#notFound()}), or
   *     exceptionally
   */
  CompletionStage<Loaded<V>> load(String key);
}
