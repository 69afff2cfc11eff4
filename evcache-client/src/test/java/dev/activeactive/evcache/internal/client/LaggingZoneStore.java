package dev.activeactive.evcache.internal.client;

import dev.activeactive.protocol.api.zone.InMemoryZoneStore;
import dev.activeactive.protocol.api.zone.ZoneStore;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An in-memory zone whose answers arrive on another thread, as a network's would, so that concurrent writers
 * interleave between a {@code gets} and its {@code cas} as they do against memcached.
 */
final class LaggingZoneStore implements ZoneStore {

  private final InMemoryZoneStore zone;
  private final ExecutorService io;

  LaggingZoneStore(InMemoryZoneStore zone) {
    this.zone = zone;
    this.io = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "lagging-" + zone.name());
      t.setDaemon(true);
      return t;
    });
  }

  private <T> CompletableFuture<T> later(java.util.function.Supplier<CompletableFuture<T>> command) {
    return CompletableFuture.supplyAsync(command, io).thenCompose(f -> f);
  }

  @Override
  public String name() {
    return zone.name();
  }

  @Override
  public CompletableFuture<byte[]> get(String key) {
    return later(() -> zone.get(key));
  }

  @Override
  public CompletableFuture<Map<String, byte[]>> getBulk(Collection<String> keys) {
    return later(() -> zone.getBulk(keys));
  }

  @Override
  public CompletableFuture<Boolean> set(String key, int expiry, byte[] bytes) {
    return later(() -> zone.set(key, expiry, bytes));
  }

  @Override
  public CompletableFuture<Boolean> touch(String key, int expiry) {
    return later(() -> zone.touch(key, expiry));
  }

  @Override
  public CompletableFuture<CasItem> gets(String key) {
    return later(() -> zone.gets(key));
  }

  @Override
  public CompletableFuture<Boolean> add(String key, int expiry, byte[] bytes) {
    return later(() -> zone.add(key, expiry, bytes));
  }

  @Override
  public CompletableFuture<CasOutcome> cas(String key, long cas, int expiry, byte[] bytes) {
    return later(() -> zone.cas(key, cas, expiry, bytes));
  }

  @Override
  public CompletableFuture<Boolean> delete(String key) {
    return later(() -> zone.delete(key));
  }

  @Override
  public void close() {
    io.shutdownNow();
  }
}
