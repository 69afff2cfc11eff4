package dev.activeactive.evcache.internal.publish;

import dev.activeactive.protocol.api.wire.Operation;
import java.util.concurrent.CompletableFuture;

/**
 * Hands local writes to the other regions. Two steps, so that a write that cannot be published is refused before
 * it is written locally, and a write that fails locally is never published: {@link #reserve(Operation)} before
 * the local write, then {@link Reservation#publish()} after it succeeded or {@link Reservation#release()} after it
 * failed.
 */
public interface Publisher extends AutoCloseable {

  /** A publisher for a client without remote regions: accepts everything, sends nothing. */
  Publisher NONE = new Publisher() {
    @Override
    public Reservation reserve(Operation op) {
      return Reservation.NONE;
    }

    @Override
    public CompletableFuture<Void> flush() {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {}
  };

  /**
   * Reserves buffer room for {@code op} in every remote region, as the overflow policy says (waiting, dropping
   * for a region, or refusing).
   *
   * @throws dev.activeactive.evcache.api.PublishOverflowException if a region's buffer is full and the policy
   *     refuses (after waiting, for BLOCK)
   * @throws IllegalStateException if the publisher is closed
   */
  Reservation reserve(Operation op);

  /**
   * Reserves room like {@link #reserve(Operation)} without ever blocking the calling thread: for the asynchronous
   * writes, whose callers may be event-loop or memcached I/O threads. Where {@code reserve} would wait (BLOCK on a
   * full buffer) the returned future completes once room is reserved, or fails with
   * {@link dev.activeactive.evcache.api.PublishOverflowException} after maxBlock; refusals that need no waiting
   * (FAIL, closed) are thrown directly, as from {@code reserve}.
   */
  default CompletableFuture<Reservation> reserveAsync(Operation op) {
    return CompletableFuture.completedFuture(reserve(op));
  }

  /** Sends everything now and completes when every region's publisher is idle. */
  CompletableFuture<Void> flush();

  /**
   * Stops accepting reservations, waits (up to the close timeout) for the local writes that reserved room to
   * publish or release it, then delivers, spools or (logged, counted) drops what is buffered, within the close
   * timeout again, and stops.
   */
  @Override
  void close();

  /** Room reserved for one operation in the remote regions that accepted it. */
  interface Reservation {

    /** Nothing reserved; publishing does nothing. */
    Reservation NONE = new Reservation() {
      @Override
      public void publish() {}

      @Override
      public void release() {}
    };

    /**
     * Queues the operation for sending (never blocks). Call once, after the local write succeeded.
     *
     * @throws IllegalStateException if a region's publisher no longer accepts it (closed after its close timeout,
     *     or its thread died): the operation is counted as dropped (reason {@code closed}) and the caller's write
     *     must fail with this error, since the other region will not hear of it
     */
    void publish();

    /** Gives the room back without publishing. Call once, after the local write failed. */
    void release();
  }
}
