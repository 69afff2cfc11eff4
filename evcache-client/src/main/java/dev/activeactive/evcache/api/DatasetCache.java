package dev.activeactive.evcache.api;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The cache operations on one dataset, with values of type {@code V} (see {@link ValueCodec}). Obtained from
 * {@link EVCacheClient#dataset(String, ValueCodec)}; thread-safe; cheap to keep and share.
 *
 * <p><b>Keys</b> are the dataset's own keys; the client namespaces them as {@code dataset:key} in memcached and in
 * every message. A key that is not a valid memcached key (over 250 bytes of UTF-8 with the prefix, whitespace,
 * control characters) raises {@link IllegalArgumentException} before anything is sent, unless the dataset
 * {@linkplain DatasetConfig.Builder#keyHashing(boolean) hashes keys}.
 *
 * <p><b>Asynchronous first.</b> Every operation returns a {@link CompletableFuture}; the synchronous forms wait
 * for it and throw {@link EVCacheException} on failure. Invalid arguments are thrown directly by both. Callbacks
 * chained with {@code thenApply} and the like, without an executor, may run on a memcached I/O thread: never block
 * in them (use the {@code ...Async(fn, executor)} variants for blocking work).
 *
 * <p><b>Writes</b> ({@link #set}, {@link #add}, {@link #delete}) go to every zone of the local region and complete
 * under the client's {@link WriteCompletion}; only then is the operation published to the other regions, in the
 * background, as the dataset's {@link ReplicationPolicy} says. A write that fails locally is never published.
 * Every write carries a version (microseconds; the client's hybrid logical clock, or
 * {@link WriteOptions#version(long)}) that orders it against writes from every region.
 *
 * <p><b>Reads</b> ({@link #get}, {@link #getBulk}) go to the local zone first and fall back to the others as the
 * client's {@link ReadFallback} says. A key that was deleted or invalidated reads as a miss.
 *
 * @param <V> the value type
 */
public interface DatasetCache<V> {

  /** The dataset's name. */
  String name();

  /** The dataset's configuration. */
  DatasetConfig config();

  /**
   * Reads a value.
   *
   * @return a future of the value, or of {@code null} on a miss
   */
  CompletableFuture<V> getAsync(String key);

  /** Reads a value; {@code null} on a miss. See {@link #getAsync(String)}. */
  V get(String key);

  /**
   * Reads several values at once (one multi-get per zone and server).
   *
   * @return a future of the values found, by key; missing keys are absent from the map
   */
  CompletableFuture<Map<String, V>> getBulkAsync(Collection<String> keys);

  /** Reads several values at once. See {@link #getBulkAsync(Collection)}. */
  Map<String, V> getBulk(Collection<String> keys);

  /**
   * Stores a value with the dataset's default TTL. See {@link #setAsync(String, Object, Duration, WriteOptions)}.
   */
  CompletableFuture<WriteResult> setAsync(String key, V value);

  /** Stores a value with a TTL. See {@link #setAsync(String, Object, Duration, WriteOptions)}. */
  CompletableFuture<WriteResult> setAsync(String key, V value, Duration ttl);

  /**
   * Stores a value in every local zone, then publishes it (or its invalidation) to the other regions.
   *
   * <p>Under {@link LocalWriteMode#CONDITIONAL} (the default) a zone keeps a newer version it already holds; the
   * result says whether that happened everywhere ({@link WriteResult#superseded()}).
   *
   * @param ttl how long the value lives, whole seconds; {@link Duration#ZERO} for no expiry. It travels to other
   *     regions as an absolute time, so time spent in queues does not extend it
   * @param options an explicit version, for example the database write time
   * @throws IllegalArgumentException if the key is invalid or the value is larger than a memcached item
   * @throws PublishOverflowException (thrown directly) if a remote region's publish buffer is full and the
   *     overflow policy is FAIL; nothing was written. Under BLOCK the call does not wait: the returned future
   *     fails with it if no room freed within maxBlock (nothing was written either)
   */
  CompletableFuture<WriteResult> setAsync(String key, V value, Duration ttl, WriteOptions options);

  /** Stores a value with the dataset's default TTL; see {@link #setAsync(String, Object, Duration, WriteOptions)}. */
  WriteResult set(String key, V value);

  /** Stores a value; see {@link #setAsync(String, Object, Duration, WriteOptions)}. */
  WriteResult set(String key, V value, Duration ttl);

  /** Stores a value; see {@link #setAsync(String, Object, Duration, WriteOptions)}. */
  WriteResult set(String key, V value, Duration ttl, WriteOptions options);

  /**
   * Stores a value only where the key holds nothing: in each zone, the value is stored if the key is absent, or
   * holds a tombstone older than this write's version. Always conditional (compare-and-swap), whatever the
   * dataset's {@link LocalWriteMode}. Published like a {@code set} when stored in at least one zone.
   *
   * @return a future of {@code true} if the value was stored in at least one zone
   */
  CompletableFuture<Boolean> addAsync(String key, V value, Duration ttl);

  /** Stores a value only where the key holds nothing; see {@link #addAsync(String, Object, Duration)}. */
  boolean add(String key, V value, Duration ttl);

  /**
   * Deletes a key in every local zone, then publishes the delete to the other regions (unless the dataset's
   * policy is {@link ReplicationPolicy#NONE}). A delete leaves a tombstone carrying its version for the dataset's
   * tombstone TTL (unless the dataset uses plain deletes), which keeps older values and stale refills out.
   */
  CompletableFuture<WriteResult> deleteAsync(String key);

  /** Deletes with options (an explicit version); see {@link #deleteAsync(String)}. */
  CompletableFuture<WriteResult> deleteAsync(String key, WriteOptions options);

  /** Deletes a key; see {@link #deleteAsync(String)}. */
  WriteResult delete(String key);

  /**
   * Sets a new TTL on a key in every local zone without changing its value or version. Local only: other regions'
   * copies keep their own expiry. A key holding a tombstone has the tombstone's lifetime changed.
   *
   * @return a future of {@code true} if the key existed in at least one zone
   */
  CompletableFuture<Boolean> touchAsync(String key, Duration ttl);

  /** Sets a new TTL; see {@link #touchAsync(String, Duration)}. */
  boolean touch(String key, Duration ttl);

  /**
   * Cache-aside read: returns the cached value, or on a miss loads it with {@code loader} on the calling thread,
   * fills the cache when that cannot hide a newer write, and returns the loaded value. The fill uses the dataset's
   * default TTL. See {@link Loaded} for how the loaded version keeps a stale database read out of the cache.
   *
   * @return the value, or {@code null} if the loader found nothing
   * @throws EVCacheException if reading failed in every zone tried, or the loader failed (the loader's exception
   *     is the cause); a failed fill is not an error (the loaded value is returned)
   */
  V getOrLoad(String key, Loader<V> loader);

  /**
   * Asynchronous cache-aside read; see {@link #getOrLoad(String, Loader)}. The loader is called on a memcached
   * I/O thread and must not block (see {@link AsyncLoader}).
   */
  CompletableFuture<V> getOrLoadAsync(String key, AsyncLoader<V> loader);
}
