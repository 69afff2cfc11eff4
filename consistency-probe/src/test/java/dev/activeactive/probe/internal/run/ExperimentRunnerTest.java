package dev.activeactive.probe.internal.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.activeactive.probe.api.ProbeConfig;
import dev.activeactive.probe.api.ProbeResult;
import dev.activeactive.probe.api.ProbeResult.MissedRecord;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The runner's accounting over two in-memory regions (its logic, not a path's behaviour). */
class ExperimentRunnerTest {

  private static ProbeResult run(FakeRegions regions, ProbeConfig config) throws Exception {
    try (regions) {
      return new ExperimentRunner(regions, config, ProgressListener.NONE).run();
    }
  }

  @Test
  void readsIssuedLateAreReportedApartAndLeftOutOfTheVerdict() throws Exception {
    // one read at a time, 20 ms each: 50 reads/s, while a rate cap of 400 writes/s makes 400 reads due each
    // second; most reads cannot be issued on time whatever the writer does (100 records: all due within 0.3 s,
    // the last read issued about 2 s after its due time)
    ProbeConfig config = ProbeConfig.builder().records(100).writesPerSecond(400).concurrency(1)
        .delay(Duration.ofMillis(50)).lagSamples(0).build();
    ProbeResult r = run(new FakeRegions(id -> 0, 20), config);
    assertThat(r.lateReads()).as("late reads").isPositive();
    assertThat(r.visibleAtDelay() + r.missingAtDelay() + r.lateReads()).as("each read counted once")
        .isEqualTo(100);
  }

  @Test
  void theWriterPacesItselfSoThatNearlyEveryReadIsOnTime() throws Exception {
    // reads of 5 ms with 4 in flight: the read region can check about 800 records a second; unpaced, the
    // writer would make thousands due at once (2,991 of 3,000 were late before the pacer). The bound leaves room
    // for a machine whose CPU is starved by other builds, which no pacing cures.
    ProbeConfig config = ProbeConfig.builder().records(1500).concurrency(4).delay(Duration.ofMillis(100))
        .lagSamples(0).build();
    ProbeResult r = run(new FakeRegions(id -> 0, 5), config);
    assertThat(r.lateReads()).as("late reads of %,d", r.records()).isLessThan(r.records() / 5);
    assertThat(r.missingAtDelay()).isZero();
  }

  @Test
  void everyRecordMissingAtTheDelayIsFollowedUpUntilItBecomesVisible() throws Exception {
    // every 100th record arrives 300 ms after its write, two never do; the others at once (a wide on-time
    // tolerance, so that a busy machine cannot turn a miss into a late read: lateness is tested above)
    ProbeConfig config = ProbeConfig.builder().records(1000).writesPerSecond(2000).concurrency(16)
        .delay(Duration.ofMillis(100)).onTimeTolerance(Duration.ofMillis(150)).lagSamples(0)
        .followUpHorizon(Duration.ofSeconds(2)).build();
    ProbeResult r = run(new FakeRegions(id -> id == 500 || id == 700 ? -1 : id % 100 == 0 ? 300 : 0, 1), config);
    assertThat(r.missingAtDelay()).isEqualTo(10);
    assertThat(r.followUp().missed()).isEqualTo(10);
    assertThat(r.followUp().becameVisible()).isEqualTo(8);
    assertThat(r.followUp().neverVisible()).isEqualTo(2);
    assertThat(r.followUp().lagMs().p50()).isBetween(300.0, 400.0);
    assertThat(r.followUp().sample()).hasSize(10).extracting(MissedRecord::id)
        .containsExactly(0L, 100L, 200L, 300L, 400L, 500L, 600L, 700L, 800L, 900L);
    MissedRecord never = r.followUp().sample().get(5);
    assertThat(never.visibleAfterMs()).isEqualTo(-1);
    assertThat(r.followUp().sample().get(0).missedAtMs()).isBetween(100.0, 250.0);
  }

  @Test
  void theTimelineShowsEverySecondOfTheRun() throws Exception {
    ProbeConfig config = ProbeConfig.builder().records(1500).writesPerSecond(500).concurrency(8)
        .delay(Duration.ofMillis(100)).lagSamples(30).build();
    ProbeResult r = run(new FakeRegions(id -> 0, 1), config);
    assertThat(r.timeline()).hasSizeGreaterThanOrEqualTo(3);
    assertThat(r.timeline().stream().mapToLong(ProbeResult.TimelinePoint::writes).sum()).isEqualTo(1500);
    assertThat(r.timeline().stream().mapToLong(p -> p.onTimeReads() + p.lateReads()).sum()).isEqualTo(1500);
    // the first second cannot hold more than the 500/s cap allows (a busy machine may write fewer)
    assertThat(r.timeline().get(0).writes()).isBetween(1L, 550L);
  }
}
