package dev.activeactive.dualwrite.internal.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MonotonicMicrosClockTest {
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.ofEpochSecond(1_000, 5_000));
  private final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  };

  @Test
  void followsTheWallClockInMicroseconds() {
    assertThat(new MonotonicMicrosClock(clock).getAsLong()).isEqualTo(1_000_000_005L);
  }

  @Test
  void neverRepeatsWithinOneMicrosecond() {
    MonotonicMicrosClock micros = new MonotonicMicrosClock(clock);
    assertThat(micros.getAsLong()).isEqualTo(1_000_000_005L);
    assertThat(micros.getAsLong()).isEqualTo(1_000_000_006L);
    assertThat(micros.getAsLong()).isEqualTo(1_000_000_007L);
  }

  @Test
  void neverGoesBackWhenTheWallClockDoes() {
    MonotonicMicrosClock micros = new MonotonicMicrosClock(clock);
    long first = micros.getAsLong();
    now.set(Instant.ofEpochSecond(999));
    assertThat(micros.getAsLong()).isEqualTo(first + 1);
    now.set(Instant.ofEpochSecond(2_000));
    assertThat(micros.getAsLong()).isEqualTo(2_000_000_000L);
  }
}
