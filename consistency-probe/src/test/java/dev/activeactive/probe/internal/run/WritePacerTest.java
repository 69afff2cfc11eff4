package dev.activeactive.probe.internal.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WritePacerTest {

  private static double rateAfter(long millis, java.util.function.LongSupplier lateness) {
    WritePacer pacer = new WritePacer(0, TimeUnit.MILLISECONDS.toNanos(100), lateness);
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() < end) {
      pacer.awaitTurn();
    }
    return pacer.rate();
  }

  @Test
  void aReaderOnTimeLetsTheRateGrowFromItsStart() {
    assertThat(rateAfter(2_600, () -> 0)).isGreaterThan(WritePacer.START_RATE * 1.25);
  }

  @Test
  void brieflyLateReadsThatNeedNoCutDoNotStopTheGrowth() {
    // a busy machine: now and then the reader is a few ms behind (CPU starvation, which no lower rate cures)
    AtomicLong calls = new AtomicLong();
    double rate = rateAfter(2_600, () -> calls.incrementAndGet() % 200 == 0 ? TimeUnit.MILLISECONDS.toNanos(5) : 0);
    assertThat(rate).isGreaterThan(WritePacer.START_RATE * 1.25);
  }

  @Test
  void aReaderFarBehindCutsTheRate() {
    AtomicLong calls = new AtomicLong();
    // on time for the first 1,200 writes (over a second), then 20 ms behind now and then
    double rate = rateAfter(2_600, () -> calls.incrementAndGet() > 1_200 && calls.get() % 50 == 0
        ? TimeUnit.MILLISECONDS.toNanos(20) : 0);
    assertThat(rate).isLessThan(WritePacer.START_RATE);
  }
}
