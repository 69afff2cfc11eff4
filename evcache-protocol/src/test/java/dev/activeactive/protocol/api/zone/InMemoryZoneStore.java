package dev.activeactive.protocol.api.zone;

import dev.activeactive.protocol.api.zone.CasStore;
import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A zone in memory for unit tests: every {@link ZoneStore} command, expiry recorded but not enforced, CAS ids, and
 * a switch that makes every command fail as if the server were down.
 */
public final class InMemoryZoneStore implements ZoneStore {

  /** A stored item. */
  public record Item(byte[] bytes, long cas, int expiry) {}

  private final String name;
  private final Map<String, Item> items = new HashMap<>();
  private long nextCas = 1;
  private volatile long generation;
  private volatile boolean down;
  private final AtomicInteger commands = new AtomicInteger();

  public InMemoryZoneStore(String name) {
    this.name = name;
  }

  /** Makes every command fail (true) or work again (false). */
  public void down(boolean down) {
    this.down = down;
  }

  /** Commands received. */
  public int commands() {
    return commands.get();
  }

  public synchronized Item item(String key) {
    return items.get(key);
  }

  public synchronized void put(String key, byte[] bytes, int expiry) {
    items.put(key, new Item(bytes, nextCas++, expiry));
  }

  public synchronized void clear() {
    items.clear();
  }

  private <T> CompletableFuture<T> failIfDown() {
    commands.incrementAndGet();
    return down ? CompletableFuture.failedFuture(new IOException("zone " + name + " is down")) : null;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CompletableFuture<byte[]> get(String key) {
    CompletableFuture<byte[]> failed = failIfDown();
    if (failed != null) {
      return failed;
    }
    synchronized (this) {
      Item item = items.get(key);
      return CompletableFuture.completedFuture(item == null ? null : item.bytes());
    }
  }

  @Override
  public CompletableFuture<Map<String, byte[]>> getBulk(Collection<String> keys) {
    CompletableFuture<Map<String, byte[]>> failed = failIfDown();
    if (failed != null) {
      return failed;
    }
    Map<String, byte[]> found = new HashMap<>();
    synchronized (this) {
      for (String key : keys) {
        Item item = items.get(key);
        if (item != null) {
          found.put(key, item.bytes());
        }
      }
    }
    return CompletableFuture.completedFuture(found);
  }

  @Override
  public CompletableFuture<Boolean> set(String key, int expiry, byte[] bytes) {
    CompletableFuture<Boolean> failed = failIfDown();
    if (failed != null) {
      return failed;
    }
    put(key, bytes, expiry);
    return CompletableFuture.completedFuture(true);
  }

  @Override
  public CompletableFuture<Boolean> touch(String key, int expiry) {
    CompletableFuture<Boolean> failed = failIfDown();
    if (failed != null) {
      return failed;
    }
    synchronized (this) {
      Item item = items.get(key);
      if (item == null) {
        return CompletableFuture.completedFuture(false);
      }
      items.put(key, new Item(item.bytes(), item.cas(), expiry));
      return CompletableFuture.completedFuture(true);
    }
  }

  @Override
  public CompletableFuture<CasStore.CasItem> gets(String key) {
    CompletableFuture<CasStore.CasItem> failed = failIfDown();
    if (failed != null) {
      return failed;
    }
    synchronized (this) {
      Item item = items.get(key);
      return CompletableFuture.completedFuture(item == null ? null : new CasStore.CasItem(item.cas(), item.bytes()));
    }
  }

  @Override
  public CompletableFuture<Boolean> add(String key, int expiry, byte[] bytes) {
    CompletableFuture<Boolean> failed = failIfDown();
    if (failed != null) {
      return failed;
    }
    synchronized (this) {
      if (items.containsKey(key)) {
        return CompletableFuture.completedFuture(false);
      }
      put(key, bytes, expiry);
      return CompletableFuture.completedFuture(true);
    }
  }

  @Override
  public CompletableFuture<CasStore.CasOutcome> cas(String key, long cas, int expiry, byte[] bytes) {
    CompletableFuture<CasStore.CasOutcome> failed = failIfDown();
    if (failed != null) {
      return failed;
    }
    synchronized (this) {
      Item item = items.get(key);
      if (item == null) {
        return CompletableFuture.completedFuture(CasStore.CasOutcome.NOT_FOUND);
      }
      if (item.cas() != cas) {
        return CompletableFuture.completedFuture(CasStore.CasOutcome.CHANGED);
      }
      put(key, bytes, expiry);
      return CompletableFuture.completedFuture(CasStore.CasOutcome.STORED);
    }
  }

  @Override
  public CompletableFuture<CasStore.StoreReply> addReturningCas(String key, int expiry, byte[] bytes) {
    CompletableFuture<CasStore.StoreReply> failed = failIfDown();
    if (failed != null) {
      return failed;
    }
    synchronized (this) {
      if (items.containsKey(key)) {
        return CompletableFuture.completedFuture(
            new CasStore.StoreReply(CasStore.CasOutcome.CHANGED, CasStore.StoreReply.UNKNOWN_CAS));
      }
      put(key, bytes, expiry);
      return CompletableFuture.completedFuture(
          new CasStore.StoreReply(CasStore.CasOutcome.STORED, items.get(key).cas()));
    }
  }

  @Override
  public CompletableFuture<CasStore.StoreReply> casReturningCas(String key, long cas, int expiry, byte[] bytes) {
    CompletableFuture<CasStore.StoreReply> failed = failIfDown();
    if (failed != null) {
      return failed;
    }
    synchronized (this) {
      Item item = items.get(key);
      CasStore.CasOutcome outcome = item == null ? CasStore.CasOutcome.NOT_FOUND
          : item.cas() != cas ? CasStore.CasOutcome.CHANGED : CasStore.CasOutcome.STORED;
      if (outcome != CasStore.CasOutcome.STORED) {
        return CompletableFuture.completedFuture(new CasStore.StoreReply(outcome, CasStore.StoreReply.UNKNOWN_CAS));
      }
      put(key, bytes, expiry);
      return CompletableFuture.completedFuture(new CasStore.StoreReply(outcome, items.get(key).cas()));
    }
  }

  @Override
  public long casGeneration() {
    return generation;
  }

  /**
   * What a memcached restart does: every item gone, the CAS counter starting again at 1, and (as the client's
   * reconnect would) a new {@link #casGeneration()}.
   */
  public synchronized void restart() {
    items.clear();
    nextCas = 1;
    generation++;
  }

  @Override
  public CompletableFuture<Boolean> delete(String key) {
    CompletableFuture<Boolean> failed = failIfDown();
    if (failed != null) {
      return failed;
    }
    synchronized (this) {
      return CompletableFuture.completedFuture(items.remove(key) != null);
    }
  }

  @Override
  public void close() {}
}
