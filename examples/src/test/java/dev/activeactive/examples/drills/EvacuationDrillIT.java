package dev.activeactive.examples.drills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.activeactive.examples.sandbox.QueueAdmin;
import dev.activeactive.examples.sandbox.TwoRegions;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.RegionSandboxTest;
import dev.activeactive.sandbox.api.SandboxComponent;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The region evacuation drill (Chaos Kong) on the sandbox, with its report's checks as assertions. */
@RegionSandboxTest(components = {SandboxComponent.MEMCACHED, SandboxComponent.SQS, SandboxComponent.CASSANDRA})
class EvacuationDrillIT {

  private static TwoRegions regions;

  @BeforeAll
  static void start(RegionSandbox sandbox) {
    QueueAdmin.purgeAll(sandbox);
    regions = TwoRegions.start(sandbox, 0, TwoRegions.DEFAULT_KEYSPACE);
  }

  @AfterAll
  static void stop() {
    if (regions != null) {
      regions.close();
    }
  }

  @Test
  void theEvacuatedRegionComesBackWithoutStaleKeys() {
    EvacuationDrill.Options options = new EvacuationDrill.Options(20, 4, Duration.ofSeconds(2),
        Duration.ofSeconds(8), Duration.ofSeconds(4), 25, 4, Duration.ofSeconds(60));

    EvacuationReport report = EvacuationDrill.run(regions, options);
    System.out.print(report.render());

    assertThat(report.evacuated().totalErrors()).as(report.render()).isZero();
    assertThat(report.evacuatedHealth()).isEqualTo(503);
    assertThat(report.backlog()).as("B's writes piled up in A's queue").isPositive();
    assertThat(report.ready()).as(report.render()).isPresent();
    assertThat(report.failBack().totalErrors()).as(report.render()).isZero();
    assertThat(report.drained()).as(report.render()).isPresent();
    assertThat(report.relayOperations()).isPositive();
    assertThat(report.staleAfterDrain()).as(report.render()).isEmpty();
    assertThat(report.clean()).as(report.render()).isPresent();
    assertThat(report.stale()).as(report.render()).isEmpty();
    assertThat(report.nowPlayingExpected()).isPositive();
    assertThat(report.nowPlayingRestored()).isEqualTo(report.nowPlayingExpected());
    assertThat(report.lost()).as(report.render()).isEmpty();
    assertThat(report.uncertainKeys()).isZero();
    assertThat(report.deadLetters() + report.droppedPublishes() + report.rejectedMessages()).isZero();
    assertThat(report.passed()).as(report.render()).isTrue();
  }
}
