package dev.activeactive.evcache.internal.publish;

/**
 * The state of one region's publisher. Exactly one holds at a time; {@code RegionPublisher} decides every
 * transition in one place.
 *
 * <ul>
 *   <li>{@link #DIRECT}: messages go straight to the region's queue, several requests in flight.
 *   <li>{@link #SPOOLING}: a request failed, or the queue is slower than the writes: every message is appended to
 *       the on-disk spool and the spool is replayed in order, several full requests in flight. Back to DIRECT as
 *       soon as the replay has caught up. Only with a spool.
 *   <li>{@link #CLOSING}: no new operation is accepted; what is buffered is delivered or spooled within the close
 *       timeout.
 *   <li>{@link #CLOSED}: stopped after a close; nothing is accepted.
 *   <li>{@link #FAILED}: the publisher thread died on an unexpected error; nothing is accepted and writes fail
 *       with an error saying so (and so does the client's health).
 * </ul>
 */
public enum PublisherMode {
  DIRECT,
  SPOOLING,
  CLOSING,
  CLOSED,
  FAILED;

  /** Whether operations are still accepted in this mode. */
  public boolean accepting() {
    return this == DIRECT || this == SPOOLING;
  }
}
