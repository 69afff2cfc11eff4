package dev.activeactive.examples.drills;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Polls a condition until it holds or a deadline passes, and says how long that took. Drills measure with it
 * ("converged 2.1 s after the heal") instead of sleeping a fixed time and hoping.
 */
final class Await {

  private Await() {}

  /**
   * Polls {@code condition} every {@code poll} until it is true or {@code timeout} has passed. A condition that
   * throws counts as not yet true (a server may still be coming back).
   *
   * @return how long it took, or empty if the deadline passed first
   */
  static Optional<Duration> until(BooleanSupplier condition, Duration timeout, Duration poll) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (true) {
      boolean holds;
      try {
        holds = condition.getAsBoolean();
      } catch (RuntimeException e) {
        holds = false;
      }
      long now = System.nanoTime();
      if (holds) {
        return Optional.of(Duration.ofNanos(now - start));
      }
      if (now >= deadline) {
        return Optional.empty();
      }
      sleep(poll);
    }
  }

  /** Sleeps, keeping the interrupt flag. */
  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
