package dev.activeactive.sandbox.internal.net;

import dev.activeactive.sandbox.api.PartitionMode;
import dev.activeactive.sandbox.api.WanProfile;
import java.time.Duration;

/**
 * The state and shape of one path, shared by its acceptor and every delay line on it: whether it is open or
 * partitioned (and how), and the WAN profile in force. Threads that must not move bytes while the path is
 * blackholed wait here until it heals.
 */
final class PathGate {
  /** What a path does with bytes and connections. */
  enum State {
    OPEN,
    RESET,
    BLACKHOLE;

    static State of(PartitionMode mode) {
      return mode == PartitionMode.RESET ? RESET : BLACKHOLE;
    }
  }

  private State state = State.OPEN;
  private WanProfile profile = WanProfile.NONE;
  /** When the path last left BLACKHOLE, in System.nanoTime(); bytes held during it leave one delay after. */
  private long healedAtNanos = Long.MIN_VALUE;

  synchronized State state() {
    return state;
  }

  synchronized WanProfile profile() {
    return profile;
  }

  synchronized void profile(WanProfile profile) {
    this.profile = profile;
  }

  synchronized void state(State next) {
    if (state == State.BLACKHOLE && next != State.BLACKHOLE) {
      healedAtNanos = System.nanoTime();
    }
    state = next;
    notifyAll();
  }

  /**
   * Waits while the path is blackholed.
   *
   * @return the earliest time (System.nanoTime()) a byte held back by a blackhole may leave: the heal time plus
   *     the one-way delay, as retransmitted packets would arrive; Long.MIN_VALUE when no blackhole was healed
   * @throws InterruptedException when the waiting thread is interrupted (the path is closing)
   */
  synchronized long awaitNotBlackholed() throws InterruptedException {
    while (state == State.BLACKHOLE) {
      wait();
    }
    return healedAtNanos == Long.MIN_VALUE ? Long.MIN_VALUE : healedAtNanos + profile.oneWayDelay().toNanos();
  }

  synchronized Duration oneWayDelay() {
    return profile.oneWayDelay();
  }
}
