package dev.activeactive.examples.drills;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The split-brain drill on the sandbox, with its report's checks as assertions. */
class SplitBrainDrillIT extends TwoRegionDrillBase {

  @Test
  void bothRegionsKeepServingAndConvergeAfterTheHeal() {
    // 5 s of partition at 25 requests/s per region: ~125 requests each side, dozens of keys stale before the heal
    SplitBrainDrill.Options options = new SplitBrainDrill.Options(20, 4, Duration.ofSeconds(5), 25, 4,
        Duration.ofSeconds(30));

    SplitBrainReport report = SplitBrainDrill.run(regions, options);
    System.out.print(report.render());

    assertThat(report.trafficErrors()).as(report.render()).isZero();
    assertThat(report.ownWritesServed()).as(report.render()).allSatisfy((region, served) -> assertThat(served).isTrue());
    assertThat(report.staleBeforeHealTotal()).as("the partition must have cut replication").isPositive();
    assertThat(report.failedPublishRequests().values()).as("publishers hit the cut paths").allMatch(n -> n > 0);
    assertThat(report.converged()).as(report.render()).isPresent();
    assertThat(report.converged().orElseThrow()).isLessThanOrEqualTo(Duration.ofSeconds(30));
    assertThat(report.staleAfter()).as(report.render()).isEmpty();
    assertThat(report.lost()).as(report.render()).isEmpty();
    assertThat(report.uncertainKeys()).isZero();
    assertThat(report.deadLetters() + report.droppedPublishes() + report.rejectedMessages()).isZero();
    assertThat(report.passed()).as(report.render()).isTrue();
  }
}
