package dev.activeactive.protocol.api.zone;

import dev.activeactive.protocol.api.zone.CasStore;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One zone's memcached (all its servers, behind consistent hashing), asynchronously and on raw item bytes: the
 * {@link CasStore} commands conditional writes need, plus plain reads, writes and touch. A port, so the client's
 * logic can be tested against an in-memory zone that fails on demand.
 *
 * <p>Expiry arguments follow memcached: 0 = never, up to 30 days = seconds from now, larger = absolute Unix time.
 */
public interface ZoneStore extends CasStore, AutoCloseable {

  /** The zone's name. */
  String name();

  /** {@code get}: the item's bytes, or {@code null} when absent. */
  CompletableFuture<byte[]> get(String key);

  /** Multi-get: the items found, by key. */
  CompletableFuture<Map<String, byte[]>> getBulk(Collection<String> keys);

  /** {@code set}, unconditionally; {@code true} if stored. */
  CompletableFuture<Boolean> set(String key, int expiry, byte[] bytes);

  /** {@code touch}: sets a new expiry; {@code true} if the key existed. */
  CompletableFuture<Boolean> touch(String key, int expiry);

  /** Closes the connections. */
  @Override
  void close();
}
