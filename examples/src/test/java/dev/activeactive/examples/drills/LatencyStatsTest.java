package dev.activeactive.examples.drills;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyStatsTest {

  @Test
  void percentilesAreNearestRankInMilliseconds() {
    LatencyStats stats = new LatencyStats();
    for (int ms = 100; ms >= 1; ms--) {
      stats.record(ms * 1_000_000L);
    }

    LatencyStats.Summary summary = stats.summary();

    assertThat(summary.count()).isEqualTo(100);
    assertThat(summary.p50()).isEqualTo(50.0);
    assertThat(summary.p99()).isEqualTo(99.0);
    assertThat(summary.max()).isEqualTo(100.0);
  }

  @Test
  void nothingRecordedSummarisesAsZeroAndADash() {
    LatencyStats.Summary summary = new LatencyStats().summary();

    assertThat(summary.count()).isZero();
    assertThat(summary.text()).isEqualTo("-");
  }

  @Test
  void theMixPicksEveryOperationInProportion() {
    Workload.Mix mix = new Workload.Mix(1, 0, 1, 0);
    Random random = new Random(1);
    int puts = 0;
    for (int i = 0; i < 10_000; i++) {
      Op op = mix.pick(random);
      assertThat(op).isIn(Op.HISTORY_PUT, Op.HISTORY_GET);
      puts += op == Op.HISTORY_PUT ? 1 : 0;
    }
    assertThat(puts).isBetween(4_700, 5_300);
  }
}
