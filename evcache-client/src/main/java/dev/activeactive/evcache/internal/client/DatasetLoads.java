package dev.activeactive.evcache.internal.client;

import dev.activeactive.evcache.api.AsyncLoader;
import dev.activeactive.evcache.api.EVCacheException;
import dev.activeactive.evcache.api.Loaded;
import dev.activeactive.evcache.api.Loader;
import dev.activeactive.evcache.api.ValueCodec;
import dev.activeactive.protocol.api.apply.FillRequest;
import dev.activeactive.protocol.api.apply.FillResult;
import dev.activeactive.protocol.api.version.Version;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A dataset's cache-aside reads ({@code getOrLoad}): a miss runs the loader, once per key at a time when
 * single-flight loads are on, and fills every zone where {@link dev.activeactive.protocol.api.apply.FillRules}
 * allow it.
 *
 * @param <V> the value type
 */
final class DatasetLoads<V> {

  private final ClientCore core;
  private final DatasetRuntime ds;
  private final ValueCodec<V> codec;
  private final NearCoordination near;
  private final DatasetReads<V> reads;

  DatasetLoads(ClientCore core, DatasetRuntime ds, ValueCodec<V> codec, NearCoordination near,
      DatasetReads<V> reads) {
    this.core = core;
    this.ds = ds;
    this.codec = codec;
    this.near = near;
    this.reads = reads;
  }

  V getOrLoad(String key, Loader<V> loader) {
    Objects.requireNonNull(loader, "loader");
    V cached = reads.getNow(key); // near cache, then the zones with fallback
    if (cached != null) {
      return cached;
    }
    if (ds.loads == null) {
      return load(key, loader);
    }
    List<Object> flightKey = List.of(codec, ds.keys.memcachedKey(key));
    CompletableFuture<V> mine = new CompletableFuture<>();
    @SuppressWarnings("unchecked")
    CompletableFuture<V> leader = (CompletableFuture<V>) ds.loads.putIfAbsent(flightKey, mine);
    if (leader != null) {
      return ClientCore.join(leader); // another caller of this client is loading the key
    }
    try {
      V value = load(key, loader);
      mine.complete(value);
      return value;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      ds.loads.remove(flightKey, mine);
    }
  }

  private V load(String key, Loader<V> loader) {
    Loaded<V> loaded;
    try {
      loaded = loader.load(key);
    } catch (Exception e) {
      throw new EVCacheException("the loader for dataset '" + ds.name + "' failed", e);
    }
    Objects.requireNonNull(loaded, "the loader returned null; return Loaded.notFound() instead");
    if (!loaded.isFound()) {
      return null;
    }
    ClientCore.join(fill(key, loaded));
    return loaded.value();
  }

  CompletableFuture<V> getOrLoadAsync(String key, AsyncLoader<V> loader) {
    Objects.requireNonNull(loader, "loader");
    return reads.get(key).thenCompose(cached -> {
      if (cached != null) {
        return CompletableFuture.completedFuture(cached);
      }
      if (ds.loads == null) {
        return loadAsync(key, loader);
      }
      List<Object> flightKey = List.of(codec, ds.keys.memcachedKey(key));
      CompletableFuture<V> mine = new CompletableFuture<>();
      @SuppressWarnings("unchecked")
      CompletableFuture<V> leader = (CompletableFuture<V>) ds.loads.putIfAbsent(flightKey, mine);
      if (leader != null) {
        return leader;
      }
      loadAsync(key, loader).whenComplete((value, error) -> {
        ds.loads.remove(flightKey, mine);
        if (error != null) {
          mine.completeExceptionally(error);
        } else {
          mine.complete(value);
        }
      });
      return mine;
    });
  }

  private CompletableFuture<V> loadAsync(String key, AsyncLoader<V> loader) {
    CompletionStage<Loaded<V>> load;
    try {
      load = Objects.requireNonNull(loader.load(key), "the loader returned null");
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(new EVCacheException("the loader for dataset '" + ds.name
          + "' failed", e));
    }
    return load.toCompletableFuture().handle((loaded, error) -> {
      if (error != null) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause()
            : error;
        throw new EVCacheException("the loader for dataset '" + ds.name + "' failed", cause);
      }
      return Objects.requireNonNull(loaded, "the loader returned null; return Loaded.notFound() instead");
    }).thenCompose(loaded -> loaded.isFound()
        ? fill(key, loaded).thenApply(ignored -> loaded.value())
        : CompletableFuture.completedFuture(null));
  }

  /**
   * Fills every zone with a loaded value where the fill rules allow it. Never fails: a zone that cannot be filled
   * is counted and skipped.
   */
  private CompletableFuture<Void> fill(String key, Loaded<V> loaded) {
    V value = loaded.value();
    String mkey = ds.keys.memcachedKey(key);
    byte[] payload = Objects.requireNonNull(codec.encode(value), "codec returned null");
    int flags = codec.flags(value);
    try {
      core.checkItemSize(ds.name, mkey, payload.length);
    } catch (IllegalArgumentException tooLarge) {
      return CompletableFuture.completedFuture(null); // returned to the caller, just not cached
    }
    loaded.versionMicros().ifPresent(core.clock::observe);
    FillRequest request = new FillRequest(mkey, payload, flags, core.absoluteExpiry(ds.defaultTtlSeconds),
        loaded.versionMicros(), ds.holdOffMicros, core.region);
    ZoneGroup.ZoneWrite<FillResult> write = core.zones.write(ds.name, CacheOperation.FILL,
        zone -> {
          core.own.forget(zone.name(), mkey); // a fill may change the item: its id is then unknown
          return zone.applier().fill(request);
        });
    return write.settled().thenAccept(results -> {
      for (FillResult result : results) {
        if (result != null) {
          core.events.fill(ds.name, result);
        }
      }
      if (results.get(0) == FillResult.FILLED) {
        near.seen(key, new Version(loaded.versionMicros().orElse(0), core.region), value, codec, payload, flags);
      }
    });
  }
}
