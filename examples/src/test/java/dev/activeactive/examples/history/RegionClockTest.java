package dev.activeactive.examples.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RegionClockTest {

  @Test
  void timestampsEndInTheRegionsDigitAndFollowTheWallClock() {
    AtomicLong wall = new AtomicLong(1_000_000_123L);
    RegionClock clock = new RegionClock(7, wall::get);

    assertThat(clock.next()).isEqualTo(1_000_000_127L);
    wall.set(1_000_005_000L);
    assertThat(clock.next()).isEqualTo(1_000_005_007L);
  }

  @Test
  void aStalledOrBackwardClockStillGivesIncreasingTimestampsWithTheSameDigit() {
    AtomicLong wall = new AtomicLong(500L);
    RegionClock clock = new RegionClock(3, wall::get);

    long first = clock.next();
    long second = clock.next();
    wall.set(100L);
    long third = clock.next();

    assertThat(first).isEqualTo(503L);
    assertThat(second).isEqualTo(513L);
    assertThat(third).isEqualTo(523L);
  }

  @Test
  void twoRegionsNeverIssueTheSameTimestamp() {
    AtomicLong wall = new AtomicLong(42_000L);
    RegionClock east = new RegionClock(0, wall::get);
    RegionClock west = new RegionClock(1, wall::get);

    for (int i = 0; i < 1000; i++) {
      assertThat(east.next()).isNotEqualTo(west.next());
      wall.addAndGet(i % 3);
    }
  }

  @Test
  void regionNumbersAreOneDigit() {
    assertThatThrownBy(() -> new RegionClock(10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RegionClock(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
