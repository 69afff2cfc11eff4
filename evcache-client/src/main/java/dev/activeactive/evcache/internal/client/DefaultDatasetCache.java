package dev.activeactive.evcache.internal.client;

import dev.activeactive.evcache.api.AsyncLoader;
import dev.activeactive.evcache.api.DatasetCache;
import dev.activeactive.evcache.api.DatasetConfig;
import dev.activeactive.evcache.api.EVCacheException;
import dev.activeactive.evcache.api.Loaded;
import dev.activeactive.evcache.api.Loader;
import dev.activeactive.evcache.api.ValueCodec;
import dev.activeactive.evcache.api.WriteOptions;
import dev.activeactive.evcache.api.WriteResult;
import dev.activeactive.evcache.internal.publish.Publisher.Reservation;
import dev.activeactive.protocol.api.apply.ApplyResult;
import dev.activeactive.protocol.api.apply.CurrentItem;
import dev.activeactive.protocol.api.apply.FillRequest;
import dev.activeactive.protocol.api.apply.FillResult;
import dev.activeactive.protocol.api.version.Version;
import dev.activeactive.protocol.api.wire.Envelope;
import dev.activeactive.protocol.api.wire.EnvelopeCodec;
import dev.activeactive.protocol.api.wire.EnvelopeFormatException;
import dev.activeactive.protocol.api.wire.Operation;
import dev.activeactive.protocol.api.zone.CasStore;
import dev.activeactive.protocol.api.zone.ZoneStore;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The operations of one dataset: key namespacing and checks, versions, envelopes, local writes in every zone
 * (conditional or not), reads with fallback, the near cache, cache-aside fills, and publishing after a
 * successful local write. No metrics here: the client wraps this in a metering decorator when it has a registry.
 *
 * @param <V> the value type
 */
final class DefaultDatasetCache<V> implements DatasetCache<V> {

  private final ClientCore core;
  private final DatasetRuntime ds;
  private final ValueCodec<V> codec;
  private final NearCache near;
  private final WritePublication publication;

  DefaultDatasetCache(ClientCore core, DatasetRuntime ds, ValueCodec<V> codec) {
    this.core = core;
    this.ds = ds;
    this.publication = new WritePublication(core, ds);
    this.codec = Objects.requireNonNull(codec, "codec");
    this.near = ds.near;
  }

  @Override
  public String name() {
    return ds.name;
  }

  @Override
  public DatasetConfig config() {
    return ds.config;
  }

  // ---------------------------------------------------------------- reads

  @Override
  public CompletableFuture<V> getAsync(String key) {
    core.checkOpen();
    if (near != null) {
      V hit = near.get(Objects.requireNonNull(key, "key"), codec);
      if (hit != null) {
        return CompletableFuture.completedFuture(hit);
      }
    }
    String mkey = ds.keys.memcachedKey(key);
    return core.zones.read(mkey, ds.name, "get").thenApply(bytes -> decode(key, bytes));
  }

  @Override
  public V get(String key) {
    if (near != null) {
      core.checkOpen();
      V hit = near.get(Objects.requireNonNull(key, "key"), codec);
      if (hit != null) {
        return hit;
      }
    }
    return ClientCore.join(getAsync(key));
  }

  @Override
  public CompletableFuture<Map<String, V>> getBulkAsync(Collection<String> keys) {
    core.checkOpen();
    Map<String, V> found = new LinkedHashMap<>();
    Map<String, String> userKeys = new HashMap<>(); // memcached key -> user key
    for (String key : keys) {
      if (near != null) {
        V hit = near.get(Objects.requireNonNull(key, "key"), codec);
        if (hit != null) {
          found.put(key, hit);
          continue;
        }
      }
      userKeys.put(ds.keys.memcachedKey(key), key);
    }
    if (userKeys.isEmpty()) {
      return CompletableFuture.completedFuture(found);
    }
    return core.zones.readBulk(userKeys.keySet(), ds.name, "getBulk").thenApply(items -> {
      for (Map.Entry<String, byte[]> item : items.entrySet()) {
        String userKey = userKeys.get(item.getKey());
        if (userKey != null) {
          V value = decode(userKey, item.getValue());
          if (value != null) {
            found.put(userKey, value);
          }
        }
      }
      return found;
    });
  }

  @Override
  public Map<String, V> getBulk(Collection<String> keys) {
    return ClientCore.join(getBulkAsync(keys));
  }

  /** An item's value, or {@code null} for an absent key, a tombstone or an unreadable item. */
  private V decode(String userKey, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    Envelope envelope;
    try {
      envelope = EnvelopeCodec.decode(bytes);
    } catch (EnvelopeFormatException e) {
      core.events.unreadableItem(ds.name);
      return null;
    }
    if (envelope.isTombstone()) {
      return null;
    }
    Version version = envelope.version();
    if (!version.originRegion().equals(core.region)) {
      // a write made after reading this value must order after it, whatever this host's clock says
      core.clock.observe(version);
    }
    V value = codec.decode(envelope.payload(), envelope.flags());
    if (near != null && value != null) {
      near.offer(userKey, version, value, codec, envelope.payload(), envelope.flags());
    }
    return value;
  }

  // ---------------------------------------------------------------- set

  @Override
  public CompletableFuture<WriteResult> setAsync(String key, V value) {
    return setAsync(key, value, null, WriteOptions.defaults());
  }

  @Override
  public CompletableFuture<WriteResult> setAsync(String key, V value, Duration ttl) {
    return setAsync(key, value, ttl, WriteOptions.defaults());
  }

  @Override
  public CompletableFuture<WriteResult> setAsync(String key, V value, Duration ttl, WriteOptions options) {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(options, "options");
    long ttlSeconds = ttlSeconds(ttl);
    core.checkOpen();
    String mkey = ds.keys.memcachedKey(key);
    byte[] payload = Objects.requireNonNull(codec.encode(value), "codec returned null");
    int flags = codec.flags(value);
    core.checkItemSize(ds.name, mkey, payload.length);
    Version version = core.version(options);
    Operation local = Operation.replicate(mkey, version, core.absoluteExpiry(ttlSeconds), flags, payload);
    Operation remote = publication.remoteOf(local);
    // never blocks: with BLOCK on a full buffer the write starts once room is reserved (issue 14, finding 5)
    return publication.reserveAsync(remote).thenCompose(reservation -> {
      if (ds.conditional) {
        return core.lanes.run(mkey, version.timestampMicros(), () -> {
          ZoneGroup.ZoneWrite<ApplyResult> write = core.zones.write(ds.name, "set",
              zone -> settled(core.conditional.apply(zone.store(), local, ds.applyRules)));
          return afterSet(key, value, version, payload, flags, remote, reservation, write);
        }, reservation::release);
      }
      byte[] item = EnvelopeCodec.encode(Envelope.value(version, flags, payload));
      int expiry = core.memcachedExpiry(ttlSeconds);
      ZoneGroup.ZoneWrite<ApplyResult> write = core.zones.write(ds.name, "set",
          zone -> zone.store().set(mkey, expiry, item).thenApply(stored -> {
            if (!stored) {
              throw new EVCacheException("memcached did not store the item");
            }
            return ApplyResult.STORED_VALUE;
          }));
      return afterSet(key, value, version, payload, flags, remote, reservation, write);
    });
  }

  private CompletableFuture<WriteResult> afterSet(String key, V value, Version version, byte[] payload, int flags,
      Operation remote, Reservation reservation, ZoneGroup.ZoneWrite<ApplyResult> write) {
    return write.completed().handle((results, error) -> {
      if (error != null) {
        write.settled().thenAccept(all -> publication.afterFailure(reservation, remote, all,
            write.failures().join()));
        if (near != null) {
          near.invalidate(key);
        }
        throw ClientCore.unwrap(error);
      }
      reservation.publish();
      boolean superseded = results.stream().allMatch(r -> r == ApplyResult.STALE);
      if (near != null) {
        if (superseded) {
          near.invalidate(key);
        } else {
          near.offer(key, version, value, codec, payload, flags);
        }
      }
      return new WriteResult(version.timestampMicros(), superseded);
    });
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

  // ---------------------------------------------------------------- add

  @Override
  public CompletableFuture<Boolean> addAsync(String key, V value, Duration ttl) {
    Objects.requireNonNull(value, "value");
    long ttlSeconds = ttlSeconds(ttl);
    core.checkOpen();
    String mkey = ds.keys.memcachedKey(key);
    byte[] payload = Objects.requireNonNull(codec.encode(value), "codec returned null");
    int flags = codec.flags(value);
    core.checkItemSize(ds.name, mkey, payload.length);
    Version version = core.clock.next();
    long expiryEpoch = core.absoluteExpiry(ttlSeconds);
    Operation local = Operation.replicate(mkey, version, expiryEpoch, flags, payload);
    Operation remote = publication.remoteOf(local);
    return publication.reserveAsync(remote).thenCompose(reservation ->
        addReserved(key, value, mkey, version, payload, flags, ttlSeconds, remote, reservation));
  }

  private CompletableFuture<Boolean> addReserved(String key, V value, String mkey, Version version, byte[] payload,
      int flags, long ttlSeconds, Operation remote, Reservation reservation) {
    byte[] item = EnvelopeCodec.encode(Envelope.value(version, flags, payload));
    int expiry = core.memcachedExpiry(ttlSeconds);
    ZoneGroup.ZoneWrite<Boolean> write = core.zones.write(ds.name, "add",
        zone -> addIn(zone.store(), mkey, version, item, expiry, 1));
    // decide once every zone has answered: a zone that stored the value late must not stay unpublished
    write.settled().thenAccept(all -> {
      List<Throwable> failures = write.failures().join();
      if (write.completed().isCompletedExceptionally()) {
        publication.afterFailure(reservation, remote, all, failures);
      } else if (all.contains(Boolean.TRUE)) {
        reservation.publish();
      } else if (remote != null && WritePublication.anyAmbiguous(failures)) {
        publication.publishInvalidation(reservation, remote);
      } else {
        reservation.release();
      }
    });
    return write.completed().handle((results, error) -> {
      if (error != null) {
        if (near != null) {
          near.invalidate(key);
        }
        throw ClientCore.unwrap(error);
      }
      boolean stored = results.contains(Boolean.TRUE);
      if (near != null) {
        if (stored) {
          near.offer(key, version, value, codec, payload, flags);
        } else {
          near.invalidate(key);
        }
      }
      return stored;
    });
  }

  /**
   * {@code add} in one zone: store if the key is absent, or holds a tombstone older than this write (a CAS over
   * it). A value (ours or another client's) or a newer tombstone wins.
   */
  private CompletableFuture<Boolean> addIn(ZoneStore store, String mkey, Version version, byte[] item, int expiry,
      int attempt) {
    return store.gets(mkey).thenCompose(current -> {
      if (current == null) {
        return store.add(mkey, expiry, item).thenCompose(added -> added ? CompletableFuture.completedFuture(true)
            : retryAdd(store, mkey, version, item, expiry, attempt));
      }
      CurrentItem stored = CurrentItem.of(current.bytes());
      if (!(stored instanceof CurrentItem.Enveloped enveloped) || !enveloped.envelope().isTombstone()) {
        return CompletableFuture.completedFuture(false);
      }
      Version tombstone = enveloped.envelope().version();
      if (!version.isNewerThan(tombstone)) {
        core.clock.observe(tombstone); // a retried add will order after the delete
        return CompletableFuture.completedFuture(false);
      }
      return store.cas(mkey, current.cas(), expiry, item).thenCompose(outcome ->
          outcome == CasStore.CasOutcome.STORED ? CompletableFuture.completedFuture(true)
              : retryAdd(store, mkey, version, item, expiry, attempt));
    });
  }

  private CompletableFuture<Boolean> retryAdd(ZoneStore store, String mkey, Version version, byte[] item,
      int expiry, int attempt) {
    if (attempt >= core.casAttempts) {
      return CompletableFuture.failedFuture(new NothingWrittenException("add on dataset '" + ds.name
          + "' gave up on a contended key after " + attempt + " attempts"));
    }
    return addIn(store, mkey, version, item, expiry, attempt + 1);
  }

  @Override
  public boolean add(String key, V value, Duration ttl) {
    return ClientCore.join(addAsync(key, value, ttl));
  }

  // ---------------------------------------------------------------- delete

  @Override
  public CompletableFuture<WriteResult> deleteAsync(String key) {
    return deleteAsync(key, WriteOptions.defaults());
  }

  @Override
  public CompletableFuture<WriteResult> deleteAsync(String key, WriteOptions options) {
    Objects.requireNonNull(options, "options");
    core.checkOpen();
    String mkey = ds.keys.memcachedKey(key);
    Version version = core.version(options);
    Operation delete = Operation.delete(mkey, version);
    Operation remote = publication.remoteOf(delete);
    return publication.reserveAsync(remote).thenCompose(reservation ->
        core.lanes.run(mkey, version.timestampMicros(), () -> {
          ZoneGroup.ZoneWrite<ApplyResult> write = core.zones.write(ds.name, "delete",
              zone -> settled(core.conditional.apply(zone.store(), delete, ds.applyRules)));
          return afterDelete(key, version, remote, reservation, write);
        }, reservation::release));
  }

  private CompletableFuture<WriteResult> afterDelete(String key, Version version, Operation remote,
      Reservation reservation, ZoneGroup.ZoneWrite<ApplyResult> write) {
    return write.completed().handle((results, error) -> {
      if (error != null) {
        write.settled().thenAccept(all -> publication.afterFailure(reservation, remote, all,
            write.failures().join()));
        if (near != null) {
          near.invalidate(key);
        }
        throw ClientCore.unwrap(error);
      }
      reservation.publish();
      if (near != null) {
        near.tombstone(key, version);
      }
      return new WriteResult(version.timestampMicros(), results.stream().allMatch(r -> r == ApplyResult.STALE));
    });
  }

  @Override
  public WriteResult delete(String key) {
    return ClientCore.join(deleteAsync(key));
  }

  // ---------------------------------------------------------------- touch

  @Override
  public CompletableFuture<Boolean> touchAsync(String key, Duration ttl) {
    long ttlSeconds = ttlSeconds(Objects.requireNonNull(ttl, "ttl"));
    core.checkOpen();
    String mkey = ds.keys.memcachedKey(key);
    int expiry = core.memcachedExpiry(ttlSeconds);
    return core.zones.write(ds.name, "touch", zone -> zone.store().touch(mkey, expiry)).completed()
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

  // ---------------------------------------------------------------- getOrLoad

  @Override
  public V getOrLoad(String key, Loader<V> loader) {
    Objects.requireNonNull(loader, "loader");
    V cached = get(key); // near cache, then the zones with fallback
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

  @Override
  public CompletableFuture<V> getOrLoadAsync(String key, AsyncLoader<V> loader) {
    Objects.requireNonNull(loader, "loader");
    return getAsync(key).thenCompose(cached -> {
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
   * Fills every zone with a loaded value where {@link dev.activeactive.protocol.api.apply.FillRules} allow it.
   * Never fails: a zone that cannot be filled is counted and skipped.
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
    ZoneGroup.ZoneWrite<FillResult> write = core.zones.write(ds.name, "fill",
        zone -> zone.applier().fill(request));
    return write.settled().thenAccept(results -> {
      for (FillResult result : results) {
        if (result != null) {
          core.events.fill(ds.name, result);
        }
      }
      if (near != null && results.get(0) == FillResult.FILLED) {
        Version version = new Version(loaded.versionMicros().orElse(0), core.region);
        near.offer(key, version, value, codec, payload, flags);
      }
    });
  }

  // ---------------------------------------------------------------- helpers

  /** A conditional apply whose CAS loop gave up counts as a failure of that zone. */
  private CompletableFuture<ApplyResult> settled(CompletableFuture<ApplyResult> apply) {
    return apply.thenApply(result -> {
      if (!result.isSettled()) {
        throw new NothingWrittenException("dataset '" + ds.name + "': the key kept changing; gave up after "
            + core.casAttempts + " attempts");
      }
      return result;
    });
  }

  private long ttlSeconds(Duration ttl) {
    if (ttl == null) {
      return ds.defaultTtlSeconds;
    }
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("a TTL must not be negative: " + ttl);
    }
    if (ttl.getSeconds() > 0xFFFF_FFFFL / 2) {
      throw new IllegalArgumentException("a TTL must be at most about 68 years: " + ttl);
    }
    if (!ttl.isZero() && ttl.getSeconds() == 0) {
      throw new IllegalArgumentException("a TTL is whole seconds (memcached's resolution); use at least 1 s or"
          + " Duration.ZERO for no expiry: " + ttl);
    }
    return ttl.getSeconds();
  }

  @Override
  public String toString() {
    return "DatasetCache{" + ds.name + ", " + codec + "}";
  }
}
