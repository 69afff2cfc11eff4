package dev.activeactive.evcache.internal.client;

import dev.activeactive.protocol.api.apply.FillResult;

/**
 * What the client's logic reports beyond what an operation returns, for metrics: zone fallbacks and errors, fill
 * decisions, unreadable items. The logic calls it and never depends on what it does. Implementations must be
 * thread-safe, fast and never throw; calls may come from memcached I/O threads.
 */
public interface ClientEvents {

  /** Ignores everything. */
  ClientEvents NOOP = new ClientEvents() {};

  /** A read moved on from {@code zone} to the next zone (after a miss or an error there). */
  default void zoneFallback(String zone, String dataset, CacheOperation operation) {}

  /** A command to {@code zone} failed (error, timeout, server down, contention). */
  default void zoneError(String zone, String dataset, CacheOperation operation) {}

  /** A cache-aside fill was decided in one zone. */
  default void fill(String dataset, FillResult result) {}

  /** An item that is not a readable envelope (another client's value, or a newer format) was read as a miss. */
  default void unreadableItem(String dataset) {}
}
