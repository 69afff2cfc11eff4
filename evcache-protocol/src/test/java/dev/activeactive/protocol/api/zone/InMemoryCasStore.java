package dev.activeactive.protocol.api.zone;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A memcached stand-in for unit tests: {@code gets}/{@code add}/{@code cas}/{@code delete} with CAS ids, expiry
 * recorded but not enforced, and a hook that runs between a {@code gets} and the next write so tests can inject
 * a concurrent writer deterministically.
 */
public final class InMemoryCasStore implements CasStore {

  /** A stored item. */
  public record Item(byte[] bytes, long cas, int expiry) {}

  private final Map<String, Item> items = new HashMap<>();
  private long nextCas = 1;
  private Consumer<InMemoryCasStore> afterGets = store -> {};
  private int writes;

  /** Runs {@code hook} after every {@code gets}, before the caller's write (to simulate races). */
  public synchronized void afterGets(Consumer<InMemoryCasStore> hook) {
    this.afterGets = hook;
  }

  /** The item under {@code key}, or {@code null}. */
  public synchronized Item item(String key) {
    return items.get(key);
  }

  /** Unconditionally stores (what another writer would do). */
  public synchronized void put(String key, byte[] bytes, int expiry) {
    items.put(key, new Item(bytes, nextCas++, expiry));
  }

  /** Removes a key (eviction, expiry). */
  public synchronized void remove(String key) {
    items.remove(key);
  }

  /** How many successful writes happened. */
  public synchronized int writes() {
    return writes;
  }

  @Override
  public CompletableFuture<CasItem> gets(String key) {
    CasItem result;
    Consumer<InMemoryCasStore> hook;
    synchronized (this) {
      Item item = items.get(key);
      result = item == null ? null : new CasItem(item.cas(), item.bytes());
      hook = afterGets;
    }
    hook.accept(this);
    return CompletableFuture.completedFuture(result);
  }

  @Override
  public synchronized CompletableFuture<Boolean> add(String key, int expiry, byte[] bytes) {
    if (items.containsKey(key)) {
      return CompletableFuture.completedFuture(false);
    }
    put(key, bytes, expiry);
    writes++;
    return CompletableFuture.completedFuture(true);
  }

  @Override
  public synchronized CompletableFuture<CasOutcome> cas(String key, long cas, int expiry, byte[] bytes) {
    Item item = items.get(key);
    if (item == null) {
      return CompletableFuture.completedFuture(CasOutcome.NOT_FOUND);
    }
    if (item.cas() != cas) {
      return CompletableFuture.completedFuture(CasOutcome.CHANGED);
    }
    put(key, bytes, expiry);
    writes++;
    return CompletableFuture.completedFuture(CasOutcome.STORED);
  }

  @Override
  public synchronized CompletableFuture<Boolean> delete(String key) {
    if (items.remove(key) == null) {
      return CompletableFuture.completedFuture(false);
    }
    writes++;
    return CompletableFuture.completedFuture(true);
  }
}
