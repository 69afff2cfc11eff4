package dev.activeactive.evcache.internal.publish;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Sends one {@code SendMessageBatch} to one region's queue. A port, so that the publisher's batching, linger,
 * retries and spooling can be tested with a fake queue that fails on demand.
 */
public interface SqsSender extends AutoCloseable {

  /**
   * Sends up to ten bodies in one request.
   *
   * @return a future of the per-entry outcome, or failed when the whole request failed (unreachable, timeout,
   *     throttled, server error)
   */
  CompletableFuture<BatchOutcome> send(List<String> bodies);

  /** Releases the connection pool. */
  @Override
  void close();
}
