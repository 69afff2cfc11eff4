package dev.activeactive.evcache.internal.publish;

import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter: {@code initial * 2^(failures-1)}, capped, then +/- 20 %. */
final class Backoff {

  private final long initialNanos;
  private final long maxNanos;

  Backoff(long initialNanos, long maxNanos) {
    this.initialNanos = initialNanos;
    this.maxNanos = Math.max(initialNanos, maxNanos);
  }

  /** The delay after {@code failures} consecutive failures (at least 1). */
  long delayNanos(int failures) {
    int shift = Math.min(Math.max(failures - 1, 0), 30);
    long base = initialNanos << shift;
    if (base <= 0 || base > maxNanos) {
      base = maxNanos;
    }
    double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
    return (long) (base * jitter);
  }
}
