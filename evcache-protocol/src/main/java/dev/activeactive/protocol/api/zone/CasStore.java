package dev.activeactive.protocol.api.zone;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The four memcached commands conditional application needs, asynchronously, on raw bytes. A port so that the
 * apply logic can be tested against an in-memory store that injects races, and run against spymemcached
 * ({@code SpyCasStore}) in production.
 *
 * <p>Expiry arguments use memcached's convention: 0 = never, up to 30 days = seconds from now, larger =
 * absolute Unix time.
 */
public interface CasStore {

  /** {@code gets}: the item and its CAS id, or {@code null} when the key is absent. */
  CompletableFuture<CasItem> gets(String key);

  /**
   * {@code gets} of many keys at once: the items found, by key (absent keys are missing from the map). Stores
   * that can read many keys in one command override this; the default issues one {@code gets} per key.
   */
  default CompletableFuture<Map<String, CasItem>> getsAll(Collection<String> keys) {
    Map<String, CasItem> found = new ConcurrentHashMap<>();
    CompletableFuture<?>[] reads = keys.stream()
        .map(key -> gets(key).thenAccept(item -> {
          if (item != null) {
            found.put(key, item);
          }
        }))
        .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(reads).thenApply(v -> found);
  }

  /** {@code add}: stores only if the key is absent; {@code true} if stored. */
  CompletableFuture<Boolean> add(String key, int expiry, byte[] bytes);

  /** {@code cas}: stores only if the item still has CAS id {@code cas}. */
  CompletableFuture<CasOutcome> cas(String key, long cas, int expiry, byte[] bytes);

  /**
   * {@code delete}, unconditionally: memcached's ASCII protocol has no delete-with-CAS (spymemcached refuses it).
   * That is safe for a cache: deleting a value that changed meanwhile can only cause a miss, never staleness.
   * {@code true} if an item was deleted.
   */
  CompletableFuture<Boolean> delete(String key);

  /**
   * An item read with {@code gets}.
   *
   * @param cas the item's CAS id
   * @param bytes the item's bytes (not copied)
   */
  record CasItem(long cas, byte[] bytes) {}

  /** Result of a {@code cas}. */
  enum CasOutcome {
    /** Stored. */
    STORED,
    /** The item changed since it was read. */
    CHANGED,
    /** The item disappeared (deleted, expired or evicted) since it was read. */
    NOT_FOUND
  }
}
