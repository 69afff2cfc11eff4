package dev.activeactive.relay.api;

import java.util.concurrent.CompletableFuture;

/**
 * Drains one region's replication queue and applies what other regions published to every zone of the local
 * memcached: invalidations and deletes leave versioned tombstones, replicated values are stored only when
 * newer than what is there. A message is deleted from the queue only once all its operations are applied in
 * all zones, so a crash at any point loses nothing; a message that cannot be applied is retried after the
 * visibility timeout and, after the queue's {@code maxReceiveCount}, lands in its dead-letter queue.
 *
 * <p>Run it as a service with the relay's command line, or embed it:
 *
 * <pre>{@code
 * try (InvalidationRelay relay = InvalidationRelay.builder()
 *     .region("us-west-2")
 *     .queue(queueUrl)
 *     .zone("us-west-2a", "10.0.0.1:11211")
 *     .zone("us-west-2b", "10.0.1.1:11211")
 *     .build()
 *     .start()) {
 *   ...
 * }
 * }</pre>
 *
 * <p>Operations the relay applies are never published again, so regions cannot ping-pong.
 */
public interface InvalidationRelay extends AutoCloseable {

  /** A builder for a relay. */
  static InvalidationRelayBuilder builder() {
    return new InvalidationRelayBuilder();
  }

  /** Starts polling; returns this relay. Calling it twice is an error. */
  InvalidationRelay start();

  /** Ready means polling runs and every zone's memcached answers. */
  boolean isReady();

  /** Counts since start, for health pages and tests. */
  RelayStats stats();

  /** The configuration the relay runs with. */
  RelayConfig config();

  /**
   * Stops polling, lets messages in flight finish (deleting only those fully applied) within the configured
   * grace period, then releases connections.
   */
  CompletableFuture<Void> shutdown();

  /** {@link #shutdown()} and wait for it. */
  @Override
  void close();
}
