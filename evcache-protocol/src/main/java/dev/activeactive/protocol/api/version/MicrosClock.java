package dev.activeactive.protocol.api.version;

import java.time.Clock;
import java.time.Instant;

/**
 * A source of wall-clock time in microseconds since the epoch. An interface so that tests can drive time
 * (including backwards) without sleeping.
 */
@FunctionalInterface
public interface MicrosClock {

  /** The current time in microseconds since the epoch. */
  long nowMicros();

  /** The system clock (microsecond resolution on Linux with Java 17). */
  static MicrosClock system() {
    return of(Clock.systemUTC());
  }

  /** Microseconds read from a {@link Clock}. */
  static MicrosClock of(Clock clock) {
    return () -> {
      Instant now = clock.instant();
      return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1_000L);
    };
  }
}
