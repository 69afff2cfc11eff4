package dev.activeactive.evcache.internal.publish;

/**
 * What the publisher reports, for metrics: the publisher calls it and never depends on what it does. Called from
 * writer threads and from each region's publisher thread; implementations must be thread-safe and fast.
 */
public interface PublisherListener {

  /** A listener that ignores everything. */
  PublisherListener NOOP = new PublisherListener() {};

  /** A REPLICATE of {@code dataset} was too large for a message and is published as INVALIDATE. */
  default void replicateFallback(String dataset) {}

  /** An operation for {@code region} was dropped: its buffer was full under DROP_AND_COUNT, or lost at close. */
  default void dropped(String region, String reason, long operations) {}

  /** A pending operation for {@code region} was superseded by a newer one on the same key before sending. */
  default void coalesced(String region) {}

  /** A {@code SendMessageBatch} to {@code region} completed; {@code ok} if every entry was stored. */
  default void request(String region, boolean ok) {}

  /** {@code messages} messages with {@code operations} operations reached {@code region}'s queue. */
  default void delivered(String region, int messages, long operations) {}

  /** A message for {@code region} was written to the spool. */
  default void spooled(String region, long operations) {}
}
