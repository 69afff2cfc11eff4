package dev.activeactive.evcache.internal.client;

import dev.activeactive.protocol.api.zone.InMemoryZoneStore;
import dev.activeactive.protocol.api.zone.ZoneStore;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * A zone whose writes land but whose answers are lost while {@link #timingOut} is set: the command is carried out,
 * the caller sees a timeout (as when memcached answers after the client's deadline). Reads pass through.
 */
final class AmbiguousZoneStore implements ZoneStore {

  private final InMemoryZoneStore zone;
  volatile boolean timingOut = true;

  AmbiguousZoneStore(InMemoryZoneStore zone) {
    this.zone = zone;
  }

  private <T> CompletableFuture<T> lost(CompletableFuture<T> landed) {
    if (!timingOut) {
      return landed;
    }
    return landed.thenCompose(ignored -> CompletableFuture.failedFuture(
        new TimeoutException("memcached did not answer within 1000 ms")));
  }

  @Override
  public String name() {
    return zone.name();
  }

  @Override
  public CompletableFuture<byte[]> get(String key) {
    return zone.get(key);
  }

  @Override
  public CompletableFuture<Map<String, byte[]>> getBulk(Collection<String> keys) {
    return zone.getBulk(keys);
  }

  @Override
  public CompletableFuture<Boolean> set(String key, int expiry, byte[] bytes) {
    return lost(zone.set(key, expiry, bytes));
  }

  @Override
  public CompletableFuture<Boolean> touch(String key, int expiry) {
    return lost(zone.touch(key, expiry));
  }

  @Override
  public CompletableFuture<CasItem> gets(String key) {
    return zone.gets(key);
  }

  @Override
  public CompletableFuture<Boolean> add(String key, int expiry, byte[] bytes) {
    return lost(zone.add(key, expiry, bytes));
  }

  @Override
  public CompletableFuture<CasOutcome> cas(String key, long cas, int expiry, byte[] bytes) {
    return lost(zone.cas(key, cas, expiry, bytes));
  }

  @Override
  public CompletableFuture<Boolean> delete(String key) {
    return lost(zone.delete(key));
  }

  @Override
  public void close() {}
}
