package dev.activeactive.dualwrite.internal.write;

import java.util.concurrent.TimeUnit;

/**
 * Whether a writer accepts work, and how many writes are in flight: close refuses new writes, then waits for
 * those in flight to settle so that the failed half of a split write is still recorded before the log closes.
 */
final class WriterLifecycle {
  /** Work is accepted only while OPEN; CLOSING lets writes in flight finish. */
  enum State { OPEN, CLOSING, CLOSED }

  private State state = State.OPEN;
  private int inFlight;

  /** Counts a write in; false when the writer no longer accepts work. */
  synchronized boolean enter() {
    if (state != State.OPEN) {
      return false;
    }
    inFlight++;
    return true;
  }

  synchronized void exit() {
    inFlight--;
    notifyAll();
  }

  synchronized boolean isOpen() {
    return state == State.OPEN;
  }

  /**
   * Stops accepting work and waits up to {@code waitMillis} for writes in flight.
   *
   * @return false when the writer was already closing or closed (nothing to do)
   */
  synchronized boolean beginClose(long waitMillis) {
    if (state != State.OPEN) {
      return false;
    }
    state = State.CLOSING;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
    while (inFlight > 0) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        break;
      }
      try {
        wait(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return true;
  }

  synchronized void closed() {
    state = State.CLOSED;
  }
}
