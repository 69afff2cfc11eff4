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
   * The writing thread waits for room, up to {@link PublisherConfig.Builder#maxBlock(java.time.Duration)}, then the
   * write fails with {@link PublishOverflowException}. Back-pressure, like a Kafka producer's {@code max.block.ms};
   * note that it blocks the calling thread of the asynchronous methods too. The default.
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
