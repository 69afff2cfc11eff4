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
   * {@code add} that also reports the CAS id memcached gave the new item, so that the caller can later
   * {@link #casReturningCas cas} against its own write without reading it back. The default has no way to learn
   * the id and reports {@link StoreReply#UNKNOWN_CAS}.
   *
   * @return {@link CasOutcome#STORED}, or {@link CasOutcome#CHANGED} when the key was present
   */
  default CompletableFuture<StoreReply> addReturningCas(String key, int expiry, byte[] bytes) {
    return add(key, expiry, bytes).thenApply(stored ->
        new StoreReply(stored ? CasOutcome.STORED : CasOutcome.CHANGED, StoreReply.UNKNOWN_CAS));
  }

  /**
   * {@link #cas} that also reports the CAS id the stored item got (memcached's meta protocol returns it; the
   * classic {@code cas} command does not). The default reports {@link StoreReply#UNKNOWN_CAS}.
   */
  default CompletableFuture<StoreReply> casReturningCas(String key, long cas, int expiry, byte[] bytes) {
    return cas(key, cas, expiry, bytes).thenApply(outcome -> new StoreReply(outcome, StoreReply.UNKNOWN_CAS));
  }

  /**
   * The generation of this store's CAS ids: a CAS id is only meaningful together with the generation it was read
   * or returned in. memcached numbers items from one counter that starts again when the server restarts, so an id
   * remembered from before a restart could match an unrelated item after it; a store whose connection to a server
   * is lost or made again moves to a new generation. The default, for stores whose ids never repeat, is 0 forever.
   */
  default long casGeneration() {
    return 0;
  }

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

  /**
   * The reply to a store that reports the new item's CAS id.
   *
   * @param outcome what happened; for an {@code add}, {@link CasOutcome#CHANGED} means the key was present
   * @param cas the stored item's CAS id, or {@link #UNKNOWN_CAS} when not stored or the store cannot tell
   */
  record StoreReply(CasOutcome outcome, long cas) {
    /** No CAS id known: memcached never hands out 0. */
    public static final long UNKNOWN_CAS = 0;

    /** Whether the item was stored. */
    public boolean stored() {
      return outcome == CasOutcome.STORED;
    }
  }

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
