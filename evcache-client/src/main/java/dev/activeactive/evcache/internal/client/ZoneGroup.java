package dev.activeactive.evcache.internal.client;

import dev.activeactive.evcache.api.EVCacheException;
import dev.activeactive.evcache.api.ReadFallback;
import dev.activeactive.evcache.api.WriteCompletion;
import dev.activeactive.protocol.api.apply.MemcachedApplier;
import dev.activeactive.protocol.api.zone.InFlightLimit;
import dev.activeactive.protocol.api.zone.ZoneStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The zones of the local region, local zone first: reads with fallback, writes to all with a completion policy.
 *
 * <p><b>Reads</b> try the local zone; with {@link ReadFallback#ON_ERROR} the next zone is tried when a zone fails,
 * with {@link ReadFallback#ON_MISS_OR_ERROR} also when it does not hold the key. Any item counts as an answer,
 * tombstones included: falling back past a tombstone could find a zone that has not applied the invalidation
 * yet. A read fails only when every zone tried failed; a miss in one zone and a failure in another is a miss.
 *
 * <p><b>Writes</b> run in every zone at once; {@link ZoneWrite#completed()} completes when {@link WriteCompletion}
 * many zones succeeded (with their results), or fails when that can no longer happen;
 * {@link ZoneWrite#settled()} completes when every zone has answered.
 *
 * <p>Thread-safe.
 */
public final class ZoneGroup implements AutoCloseable {

  /**
   * One zone.
   *
   * @param store its memcached
   * @param applier the conditional-apply loop on it
   */
  public record Zone(ZoneStore store, MemcachedApplier applier) {
    /** The zone's name. */
    public String name() {
      return store.name();
    }
  }

  private final List<Zone> zones;
  private final List<InFlightLimit> limits;
  private final WriteCompletion completion;
  private final ReadFallback fallback;
  private final ClientEvents events;
  private final int required;

  /**
   * @param zones the zones, the local zone first
   * @param completion the write completion policy
   * @param fallback the read fallback policy
   * @param events where zone errors and fallbacks are reported
   */
  public ZoneGroup(List<Zone> zones, WriteCompletion completion, ReadFallback fallback, ClientEvents events) {
    this.zones = List.copyOf(zones);
    if (this.zones.isEmpty()) {
      throw new IllegalArgumentException("at least one zone");
    }
    this.completion = Objects.requireNonNull(completion, "completion");
    this.fallback = Objects.requireNonNull(fallback, "fallback");
    this.events = Objects.requireNonNull(events, "events");
    this.required = completion.required(this.zones.size());
    List<InFlightLimit> perZone = new ArrayList<>();
    for (int i = 0; i < this.zones.size(); i++) {
      perZone.add(new InFlightLimit(InFlightLimit.DEFAULT_MAX));
    }
    this.limits = List.copyOf(perZone);
  }

  /** The zones, local first. */
  public List<Zone> zones() {
    return zones;
  }

  /** The local zone. */
  public Zone local() {
    return zones.get(0);
  }

  // ---- reads ----

  /** Reads an item with fallback; completes with its bytes or {@code null} when no zone tried holds it. */
  public CompletableFuture<byte[]> read(String key, String dataset, CacheOperation operation) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    readFrom(0, key, dataset, operation, result, false, null);
    return result;
  }

  private void readFrom(int index, String key, String dataset, CacheOperation operation, CompletableFuture<byte[]> result,
      boolean missedBefore, Throwable firstError) {
    Zone zone = zones.get(index);
    CompletableFuture<byte[]> get = limits.get(index).submit(() -> zone.store().get(key));
    get.whenComplete((bytes, error) -> {
      boolean last = index == zones.size() - 1;
      if (error == null) {
        if (bytes != null || last || fallback != ReadFallback.ON_MISS_OR_ERROR) {
          result.complete(bytes);
          return;
        }
        events.zoneFallback(zone.name(), dataset, operation);
        readFrom(index + 1, key, dataset, operation, result, true, firstError);
        return;
      }
      events.zoneError(zone.name(), dataset, operation);
      Throwable first = firstError == null ? error : firstError;
      if (last || fallback == ReadFallback.NONE) {
        if (missedBefore) {
          result.complete(null);
        } else {
          result.completeExceptionally(readFailed(dataset, operation, index + 1, first));
        }
        return;
      }
      events.zoneFallback(zone.name(), dataset, operation);
      readFrom(index + 1, key, dataset, operation, result, missedBefore, first);
    });
  }

  /** Reads several items with fallback for the keys a zone failed or (per policy) did not hold. */
  public CompletableFuture<Map<String, byte[]>> readBulk(Collection<String> keys, String dataset,
      CacheOperation operation) {
    CompletableFuture<Map<String, byte[]>> result = new CompletableFuture<>();
    if (keys.isEmpty()) {
      result.complete(Map.of());
      return result;
    }
    readBulkFrom(0, List.copyOf(keys), dataset, operation, new HashMap<>(), result, false, null);
    return result;
  }

  private void readBulkFrom(int index, List<String> keys, String dataset, CacheOperation operation,
      Map<String, byte[]> found, CompletableFuture<Map<String, byte[]>> result, boolean answeredBefore,
      Throwable firstError) {
    Zone zone = zones.get(index);
    CompletableFuture<Map<String, byte[]>> get = limits.get(index).submit(() -> zone.store().getBulk(keys));
    get.whenComplete((items, error) -> {
      boolean last = index == zones.size() - 1;
      if (error == null) {
        found.putAll(items);
        List<String> missing = new ArrayList<>();
        for (String key : keys) {
          if (!items.containsKey(key)) {
            missing.add(key);
          }
        }
        if (missing.isEmpty() || last || fallback != ReadFallback.ON_MISS_OR_ERROR) {
          result.complete(found);
          return;
        }
        events.zoneFallback(zone.name(), dataset, operation);
        readBulkFrom(index + 1, missing, dataset, operation, found, result, true, firstError);
        return;
      }
      events.zoneError(zone.name(), dataset, operation);
      Throwable first = firstError == null ? error : firstError;
      if (last || fallback == ReadFallback.NONE) {
        if (answeredBefore) {
          result.complete(found);
        } else {
          result.completeExceptionally(readFailed(dataset, operation, index + 1, first));
        }
        return;
      }
      events.zoneFallback(zone.name(), dataset, operation);
      readBulkFrom(index + 1, keys, dataset, operation, found, result, answeredBefore, first);
    });
  }

  private static EVCacheException readFailed(String dataset, CacheOperation operation, int zonesTried,
      Throwable cause) {
    return new EVCacheException(operation.tag() + " on dataset '" + dataset + "' failed in every zone tried ("
        + zonesTried + ")", cause);
  }

  // ---- writes ----

  /**
   * Runs a write in every zone.
   *
   * @param write the write in one zone; a failed future (or an exception) is a failure in that zone
   */
  public <T> ZoneWrite<T> write(String dataset, CacheOperation operation,
      Function<Zone, CompletableFuture<T>> write) {
    Tracker<T> tracker = new Tracker<>(dataset, operation);
    for (int i = 0; i < zones.size(); i++) {
      Zone zone = zones.get(i);
      CompletableFuture<T> f = limits.get(i).submit(() -> Objects.requireNonNull(write.apply(zone), "write"));
      int index = i;
      f.whenComplete((value, error) -> tracker.onZone(index, zone, value, error));
    }
    return new ZoneWrite<>(tracker.completed, tracker.settled, tracker.failures);
  }

  /**
   * The two moments of a write.
   *
   * @param completed the results of the zones that made the completion policy succeed (in the order they
   *     answered), or failed with an {@link EVCacheException} once too many zones failed
   * @param settled every zone's result by zone index ({@code null} for a zone that failed), once all answered
   * @param failures every zone's failure by zone index ({@code null} for a zone that succeeded), with settled
   */
  public record ZoneWrite<T>(CompletableFuture<List<T>> completed, CompletableFuture<List<T>> settled,
      CompletableFuture<List<Throwable>> failures) {}

  private final class Tracker<T> {
    private final String dataset;
    private final CacheOperation operation;
    private final CompletableFuture<List<T>> completed = new CompletableFuture<>();
    private final CompletableFuture<List<T>> settled = new CompletableFuture<>();
    private final CompletableFuture<List<Throwable>> failures = new CompletableFuture<>();
    private final List<Throwable> errorByZone = new ArrayList<>(Collections.nCopies(zones.size(), null));
    private final List<T> successes = new ArrayList<>(zones.size());
    private final List<T> byZone = new ArrayList<>(Collections.nCopies(zones.size(), null));
    private int answered;
    private int failed;
    private Throwable firstError;

    Tracker(String dataset, CacheOperation operation) {
      this.dataset = dataset;
      this.operation = operation;
    }

    void onZone(int index, Zone zone, T value, Throwable error) {
      List<T> completeWith = null;
      EVCacheException failWith = null;
      List<T> settleWith = null;
      List<Throwable> failuresWith = null;
      if (error != null) {
        events.zoneError(zone.name(), dataset, operation);
      }
      synchronized (this) {
        answered++;
        if (error == null) {
          byZone.set(index, value);
          successes.add(value);
          if (successes.size() == required && !completed.isDone()) {
            completeWith = List.copyOf(successes);
          }
        } else {
          failed++;
          errorByZone.set(index, error);
          if (firstError == null) {
            firstError = error;
          }
          if (failed == zones.size() - required + 1 && !completed.isDone()) {
            failWith = new EVCacheException(operation.tag() + " on dataset '" + dataset + "' failed in " + failed + " of "
                + zones.size() + " zones; write completion " + completion + " needs " + required, firstError);
          }
        }
        if (answered == zones.size()) {
          settleWith = new ArrayList<>(byZone);
          failuresWith = new ArrayList<>(errorByZone);
        }
      }
      if (completeWith != null) {
        completed.complete(completeWith);
      }
      if (failWith != null) {
        completed.completeExceptionally(failWith);
      }
      if (settleWith != null) {
        // failures first: whoever waits for settled may read them
        failures.complete(Collections.unmodifiableList(failuresWith));
        settled.complete(Collections.unmodifiableList(settleWith));
      }
    }
  }

  @Override
  public void close() {
    for (Zone zone : zones) {
      zone.store().close();
    }
  }
}
