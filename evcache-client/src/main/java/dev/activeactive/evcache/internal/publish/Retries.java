package dev.activeactive.evcache.internal.publish;

/**
 * When a region's publisher may send again after failed requests: consecutive failures, the backoff they earned,
 * and whether one failed since the publisher last decided its mode. Confined to the publisher thread.
 */
final class Retries {

  private final Backoff backoff;
  private int consecutiveFailures;
  private long retryAtNanos = System.nanoTime();
  private boolean failedSinceDecision;

  Retries(Backoff backoff) {
    this.backoff = backoff;
  }

  /** A request failed: back off before the next. */
  void failed() {
    failedSinceDecision = true;
    consecutiveFailures++;
    retryAtNanos = System.nanoTime() + backoff.delayNanos(consecutiveFailures);
  }

  /** A request went through. */
  void succeeded() {
    consecutiveFailures = 0;
  }

  /** Whether the last request failed (and none succeeded since). */
  boolean failing() {
    return consecutiveFailures > 0;
  }

  /** Whether the backoff has passed at {@code nowNanos}. */
  boolean mayRetry(long nowNanos) {
    return nowNanos - retryAtNanos >= 0;
  }

  long retryAtNanos() {
    return retryAtNanos;
  }

  /** Whether a request failed since the last call (and forgets it). */
  boolean takeFailedSinceDecision() {
    boolean failed = failedSinceDecision;
    failedSinceDecision = false;
    return failed;
  }
}
