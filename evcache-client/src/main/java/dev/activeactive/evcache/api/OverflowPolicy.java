package dev.activeactive.evcache.api;

/**
 * What a write does when a remote region's publish buffer is full: the memory buffer is at
 * {@link PublisherConfig.Builder#maxBufferBytes(long) its limit} and the on-disk spool, if configured, is full too
 * (or cannot keep up). Nothing is ever dropped silently.
 *
 * <p>The decision is made <em>before</em> the local write, so a write that fails because of it has changed
 * nothing anywhere.
 */
public enum OverflowPolicy {
  /**
   * The write waits for room, up to {@link PublisherConfig.Builder#maxBlock(java.time.Duration)}, then fails with
   * {@link PublishOverflowException}; back-pressure, like a Kafka producer's {@code max.block.ms}. The synchronous
   * methods wait in the calling thread. The asynchronous ones never block: they return at once, the local write
   * starts once room is reserved, and their future fails with {@link PublishOverflowException} if there was none
   * within maxBlock. The default.
   */
  BLOCK,
  /**
   * The operation is not published to that region (the local write and the other regions proceed); counted by
   * {@code evcache.publisher.dropped} and logged. That region's cache may then serve the old value until the
   * entry expires: choose it only where that is acceptable.
   */
  DROP_AND_COUNT,
  /** The write fails at once with {@link PublishOverflowException}, before anything is written. */
  FAIL
}
