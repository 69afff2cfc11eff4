package dev.activeactive.evcache.internal.metrics;

import dev.activeactive.evcache.api.AsyncLoader;
import dev.activeactive.evcache.api.DatasetCache;
import dev.activeactive.evcache.api.DatasetConfig;
import dev.activeactive.evcache.api.Loader;
import dev.activeactive.evcache.api.WriteOptions;
import dev.activeactive.evcache.api.WriteResult;
import dev.activeactive.evcache.internal.client.CacheOperation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A decorator that measures a {@link DatasetCache}: per operation a latency timer ({@code evcache.client.latency}),
 * an error counter ({@code evcache.client.errors}), and for reads hit and miss counters
 * ({@code evcache.client.hits}, {@code evcache.client.misses}); all tagged with {@code dataset} and
 * {@code operation}. The operations themselves know nothing about metrics.
 *
 * @param <V> the value type
 */
public final class MeteredDatasetCache<V> implements DatasetCache<V> {

  /** The meters of one dataset, shared by all its handles. */
  public static final class Meters {
    private final Map<CacheOperation, Timer> latency = new EnumMap<>(CacheOperation.class);
    private final Map<CacheOperation, Counter> errors = new EnumMap<>(CacheOperation.class);
    private final Map<CacheOperation, Counter> hits = new EnumMap<>(CacheOperation.class);
    private final Map<CacheOperation, Counter> misses = new EnumMap<>(CacheOperation.class);

    /** Registers the dataset's meters. */
    public Meters(MeterRegistry registry, String dataset) {
      for (CacheOperation op : CacheOperation.values()) {
        if (!op.isCalledByUsers()) {
          continue;
        }
        latency.put(op, Timer.builder("evcache.client.latency").tag("dataset", dataset).tag("operation", op.tag())
            .description("latency of cache operations as the caller sees them").register(registry));
        errors.put(op, Counter.builder("evcache.client.errors").tag("dataset", dataset).tag("operation", op.tag())
            .description("operations that failed").register(registry));
        if (op.isRead()) {
          hits.put(op, Counter.builder("evcache.client.hits").tag("dataset", dataset).tag("operation", op.tag())
              .description("keys found in the cache").register(registry));
          misses.put(op, Counter.builder("evcache.client.misses").tag("dataset", dataset).tag("operation", op.tag())
              .description("keys not found in the cache").register(registry));
        }
      }
    }
  }

  private final DatasetCache<V> delegate;
  private final Meters meters;

  /** Measures {@code delegate} with the dataset's {@code meters}. */
  public MeteredDatasetCache(DatasetCache<V> delegate, Meters meters) {
    this.delegate = delegate;
    this.meters = meters;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public DatasetConfig config() {
    return delegate.config();
  }

  // ---- measuring ----

  private <T> CompletableFuture<T> async(CacheOperation op, Supplier<CompletableFuture<T>> call) {
    long start = System.nanoTime();
    CompletableFuture<T> future;
    try {
      future = call.get();
    } catch (RuntimeException e) {
      meters.errors.get(op).increment();
      throw e;
    }
    return future.whenComplete((value, error) -> {
      meters.latency.get(op).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
      if (error != null) {
        meters.errors.get(op).increment();
      } else {
        countRead(op, value);
      }
    });
  }

  private <T> T sync(CacheOperation op, Supplier<T> call) {
    long start = System.nanoTime();
    T value;
    try {
      value = call.get();
    } catch (RuntimeException e) {
      meters.latency.get(op).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
      meters.errors.get(op).increment();
      throw e;
    }
    meters.latency.get(op).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    countRead(op, value);
    return value;
  }

  private void countRead(CacheOperation op, Object value) {
    Counter hit = meters.hits.get(op);
    if (hit == null) {
      return;
    }
    if (op != CacheOperation.GET) {
      return; // getBulk counts by size, getOrLoad by whether the loader ran
    }
    (value != null ? hit : meters.misses.get(op)).increment();
  }

  private void countBulk(int requested, Map<String, V> found) {
    meters.hits.get(CacheOperation.GET_BULK).increment(found.size());
    meters.misses.get(CacheOperation.GET_BULK).increment(Math.max(0, requested - found.size()));
  }

  // ---- operations ----

  @Override
  public CompletableFuture<V> getAsync(String key) {
    return async(CacheOperation.GET, () -> delegate.getAsync(key));
  }

  @Override
  public V get(String key) {
    return sync(CacheOperation.GET, () -> delegate.get(key));
  }

  @Override
  public CompletableFuture<Map<String, V>> getBulkAsync(Collection<String> keys) {
    int requested = keys.size();
    return async(CacheOperation.GET_BULK, () -> delegate.getBulkAsync(keys)).thenApply(found -> {
      countBulk(requested, found);
      return found;
    });
  }

  @Override
  public Map<String, V> getBulk(Collection<String> keys) {
    Map<String, V> found = sync(CacheOperation.GET_BULK, () -> delegate.getBulk(keys));
    countBulk(keys.size(), found);
    return found;
  }

  @Override
  public CompletableFuture<WriteResult> setAsync(String key, V value) {
    return async(CacheOperation.SET, () -> delegate.setAsync(key, value));
  }

  @Override
  public CompletableFuture<WriteResult> setAsync(String key, V value, Duration ttl) {
    return async(CacheOperation.SET, () -> delegate.setAsync(key, value, ttl));
  }

  @Override
  public CompletableFuture<WriteResult> setAsync(String key, V value, Duration ttl, WriteOptions options) {
    return async(CacheOperation.SET, () -> delegate.setAsync(key, value, ttl, options));
  }

  @Override
  public WriteResult set(String key, V value) {
    return sync(CacheOperation.SET, () -> delegate.set(key, value));
  }

  @Override
  public WriteResult set(String key, V value, Duration ttl) {
    return sync(CacheOperation.SET, () -> delegate.set(key, value, ttl));
  }

  @Override
  public WriteResult set(String key, V value, Duration ttl, WriteOptions options) {
    return sync(CacheOperation.SET, () -> delegate.set(key, value, ttl, options));
  }

  @Override
  public CompletableFuture<Boolean> addAsync(String key, V value, Duration ttl) {
    return async(CacheOperation.ADD, () -> delegate.addAsync(key, value, ttl));
  }

  @Override
  public boolean add(String key, V value, Duration ttl) {
    return sync(CacheOperation.ADD, () -> delegate.add(key, value, ttl));
  }

  @Override
  public CompletableFuture<WriteResult> deleteAsync(String key) {
    return async(CacheOperation.DELETE, () -> delegate.deleteAsync(key));
  }

  @Override
  public CompletableFuture<WriteResult> deleteAsync(String key, WriteOptions options) {
    return async(CacheOperation.DELETE, () -> delegate.deleteAsync(key, options));
  }

  @Override
  public WriteResult delete(String key) {
    return sync(CacheOperation.DELETE, () -> delegate.delete(key));
  }

  @Override
  public CompletableFuture<Boolean> touchAsync(String key, Duration ttl) {
    return async(CacheOperation.TOUCH, () -> delegate.touchAsync(key, ttl));
  }

  @Override
  public boolean touch(String key, Duration ttl) {
    return sync(CacheOperation.TOUCH, () -> delegate.touch(key, ttl));
  }

  @Override
  public V getOrLoad(String key, Loader<V> loader) {
    // a hit or a miss is told by whether the loader ran
    boolean[] loaded = new boolean[1];
    V value = sync(CacheOperation.GET_OR_LOAD, () -> delegate.getOrLoad(key, k -> {
      loaded[0] = true;
      return loader.load(k);
    }));
    (loaded[0] ? meters.misses : meters.hits).get(CacheOperation.GET_OR_LOAD).increment();
    return value;
  }

  @Override
  public CompletableFuture<V> getOrLoadAsync(String key, AsyncLoader<V> loader) {
    boolean[] loaded = new boolean[1];
    return async(CacheOperation.GET_OR_LOAD, () -> delegate.getOrLoadAsync(key, k -> {
      loaded[0] = true;
      return loader.load(k);
    })).whenComplete((value, error) -> {
      if (error == null) {
        (loaded[0] ? meters.misses : meters.hits).get(CacheOperation.GET_OR_LOAD).increment();
      }
    });
  }

  @Override
  public String toString() {
    return "Metered" + delegate;
  }
}
