package dev.activeactive.evcache.internal.client;

import dev.activeactive.evcache.api.AsyncLoader;
import dev.activeactive.evcache.api.DatasetCache;
import dev.activeactive.evcache.api.DatasetConfig;
import dev.activeactive.evcache.api.Loader;
import dev.activeactive.evcache.api.ValueCodec;
import dev.activeactive.evcache.api.WriteOptions;
import dev.activeactive.evcache.api.WriteResult;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The operations of one dataset, each handed to the part that does it: {@link DatasetReads} (near cache, zones,
 * envelopes), {@link ValueWrites} (set through the dataset's {@link SetStrategy}, delete), {@link AddWrite},
 * {@link DatasetLoads} (getOrLoad and fills); {@link WritePublication} decides what a write publishes and
 * {@link NearCoordination} keeps the near cache in step. The synchronous methods wait for the asynchronous ones.
 * No metrics here: the client wraps this in a metering decorator when it has a registry.
 *
 * @param <V> the value type
 */
final class DefaultDatasetCache<V> implements DatasetCache<V> {

  private final ClientCore core;
  private final DatasetRuntime ds;
  private final ValueCodec<V> codec;
  private final DatasetReads<V> reads;
  private final ValueWrites<V> writes;
  private final AddWrite<V> adds;
  private final DatasetLoads<V> loads;

  DefaultDatasetCache(ClientCore core, DatasetRuntime ds, ValueCodec<V> codec) {
    this.core = core;
    this.ds = ds;
    this.codec = Objects.requireNonNull(codec, "codec");
    NearCoordination near = new NearCoordination(ds.near);
    WritePublication publication = new WritePublication(core, ds);
    this.reads = new DatasetReads<>(core, ds, codec, near);
    this.writes = new ValueWrites<>(core, ds, codec, near, publication);
    this.adds = new AddWrite<>(core, ds, codec, near, publication);
    this.loads = new DatasetLoads<>(core, ds, codec, near, reads);
  }

  @Override
  public String name() {
    return ds.name;
  }

  @Override
  public DatasetConfig config() {
    return ds.config;
  }

  @Override
  public CompletableFuture<V> getAsync(String key) {
    return reads.get(key);
  }

  @Override
  public V get(String key) {
    return reads.getNow(key);
  }

  @Override
  public CompletableFuture<Map<String, V>> getBulkAsync(Collection<String> keys) {
    return reads.getBulk(keys);
  }

  @Override
  public Map<String, V> getBulk(Collection<String> keys) {
    return ClientCore.join(getBulkAsync(keys));
  }

  @Override
  public CompletableFuture<WriteResult> setAsync(String key, V value) {
    return writes.set(key, value, null, WriteOptions.defaults());
  }

  @Override
  public CompletableFuture<WriteResult> setAsync(String key, V value, Duration ttl) {
    return writes.set(key, value, ttl, WriteOptions.defaults());
  }

  @Override
  public CompletableFuture<WriteResult> setAsync(String key, V value, Duration ttl, WriteOptions options) {
    return writes.set(key, value, ttl, options);
  }

  @Override
  public WriteResult set(String key, V value) {
    return ClientCore.join(setAsync(key, value));
  }

  @Override
  public WriteResult set(String key, V value, Duration ttl) {
    return ClientCore.join(setAsync(key, value, ttl));
  }

  @Override
  public WriteResult set(String key, V value, Duration ttl, WriteOptions options) {
    return ClientCore.join(setAsync(key, value, ttl, options));
  }

  @Override
  public CompletableFuture<Boolean> addAsync(String key, V value, Duration ttl) {
    return adds.add(key, value, ttl);
  }

  @Override
  public boolean add(String key, V value, Duration ttl) {
    return ClientCore.join(addAsync(key, value, ttl));
  }

  @Override
  public CompletableFuture<WriteResult> deleteAsync(String key) {
    return writes.delete(key, WriteOptions.defaults());
  }

  @Override
  public CompletableFuture<WriteResult> deleteAsync(String key, WriteOptions options) {
    return writes.delete(key, options);
  }

  @Override
  public WriteResult delete(String key) {
    return ClientCore.join(deleteAsync(key));
  }

  @Override
  public CompletableFuture<Boolean> touchAsync(String key, Duration ttl) {
    long ttlSeconds = ds.ttlSeconds(Objects.requireNonNull(ttl, "ttl"));
    core.checkOpen();
    String mkey = ds.keys.memcachedKey(key);
    int expiry = core.memcachedExpiry(ttlSeconds);
    return core.zones.write(ds.name, CacheOperation.TOUCH, zone -> zone.store().touch(mkey, expiry)).completed()
        .handle((results, error) -> {
          if (error != null) {
            throw ClientCore.unwrap(error);
          }
          return results.contains(Boolean.TRUE);
        });
  }

  @Override
  public boolean touch(String key, Duration ttl) {
    return ClientCore.join(touchAsync(key, ttl));
  }

  @Override
  public V getOrLoad(String key, Loader<V> loader) {
    return loads.getOrLoad(key, loader);
  }

  @Override
  public CompletableFuture<V> getOrLoadAsync(String key, AsyncLoader<V> loader) {
    return loads.getOrLoadAsync(key, loader);
  }

  @Override
  public String toString() {
    return "DatasetCache{" + ds.name + ", " + codec + "}";
  }
}
