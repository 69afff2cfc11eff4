package dev.activeactive.probe.internal.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.activeactive.probe.api.ProbeResult.CurvePoint;
import dev.activeactive.probe.api.ProbeResult.HistogramBucket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LagRecorderTest {
  private static long ms(double millis) {
    return (long) (millis * 1_000_000);
  }

  @Test
  void curveIsTheFractionOfAllSamplesVisibleByEachTime() {
    LagRecorder lag = new LagRecorder();
    lag.visibleAfter(ms(0));
    lag.visibleAfter(ms(-3)); // visible before the acknowledgement arrived: counts as 0
    lag.visibleAfter(ms(4));
    lag.visibleAfter(ms(40));
    lag.visibleAfter(ms(400));
    lag.notVisibleWithinHorizon();
    lag.notVisibleWithinHorizon();
    lag.notVisibleWithinHorizon();
    assertThat(lag.samples()).isEqualTo(8);
    List<CurvePoint> curve = lag.curve(List.of(Duration.ZERO, Duration.ofMillis(5), Duration.ofMillis(50),
        Duration.ofMillis(500), Duration.ofSeconds(10)));
    assertThat(curve).extracting(CurvePoint::fraction).containsExactly(2 / 8.0, 3 / 8.0, 4 / 8.0, 5 / 8.0, 5 / 8.0);
    assertThat(curve).extracting(CurvePoint::tMs).containsExactly(0L, 5L, 50L, 500L, 10_000L);
  }

  @Test
  void percentilesComeFromVisibleSamplesInMilliseconds() {
    LagRecorder lag = new LagRecorder();
    for (int i = 1; i <= 1000; i++) {
      lag.visibleAfter(ms(i));
    }
    var p = lag.percentiles();
    assertThat(p.p50()).isCloseTo(500, within(1.0));
    assertThat(p.p90()).isCloseTo(900, within(1.0));
    assertThat(p.p99()).isCloseTo(990, within(1.0));
    assertThat(p.max()).isCloseTo(1000, within(1.0));
  }

  @Test
  void histogramCoversEverySampleThatBecameVisible() {
    LagRecorder lag = new LagRecorder();
    for (int i = 0; i < 500; i++) {
      lag.visibleAfter(ms(i % 50));
    }
    lag.notVisibleWithinHorizon();
    List<HistogramBucket> buckets = lag.histogram(10);
    assertThat(buckets.stream().mapToLong(HistogramBucket::count).sum()).isEqualTo(500);
    assertThat(buckets.size()).isBetween(10, 11);
  }

  @Test
  void noSamplesGiveAZeroCurveNotADivisionByZero() {
    LagRecorder lag = new LagRecorder();
    assertThat(lag.curve(List.of(Duration.ofMillis(5)))).extracting(CurvePoint::fraction).containsExactly(0.0);
    assertThat(lag.histogram(10)).isEmpty();
    assertThat(lag.percentiles().max()).isZero();
  }
}
