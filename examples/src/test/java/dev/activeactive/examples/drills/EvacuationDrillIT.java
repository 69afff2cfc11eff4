package dev.activeactive.examples.drills;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The region evacuation drill (Chaos Kong) on the sandbox, with its report's checks as assertions. */
class EvacuationDrillIT extends TwoRegionDrillBase {

  @Test
  void theEvacuatedRegionComesBackWithoutStaleKeys() {
    // 5 s out: ~125 requests to us-west-2 meanwhile, whose writes pile up in us-east-1's queue
    EvacuationDrill.Options options = new EvacuationDrill.Options(20, 4, Duration.ofSeconds(2),
        Duration.ofSeconds(5), Duration.ofSeconds(4), 25, 4, Duration.ofSeconds(60));

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
