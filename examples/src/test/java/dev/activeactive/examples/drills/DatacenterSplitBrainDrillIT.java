package dev.activeactive.examples.drills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.activeactive.sandbox.api.PartitionMode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The split-brain drill with Cassandra's datacenters blackholed from each other under write traffic in both
 * regions, at the default WAN profile: each region keeps serving, and after the heal both datacenters hold every
 * winning write (hints) and no cache is stale.
 */
class DatacenterSplitBrainDrillIT extends TwoRegionDrillBase {

  @Test
  void bothDatacentersKeepServingAndHoldEveryWriteAfterTheHeal() {
    // 5 s of blackhole: well past the 2 s write timeout, so the coordinators give up on the other side and keep hints
    SplitBrainDrill.Options options = new SplitBrainDrill.Options(20, 4, Duration.ofSeconds(5), 25, 4,
        Duration.ofSeconds(60)).cutting(SplitBrainDrill.Split.DATACENTERS, PartitionMode.BLACKHOLE);

    SplitBrainReport report = SplitBrainDrill.run(regions, options);
    System.out.print(report.render());

    assertThat(report.wan()).startsWith("us-east-1/us-west-2");
    assertThat(report.trafficErrors()).as(report.render()).isZero();
    assertThat(report.ownWritesServed()).as(report.render()).allSatisfy((region, served) -> assertThat(served).isTrue());
    assertThat(report.converged()).as(report.render()).isPresent();
    assertThat(report.staleAfter()).as(report.render()).isEmpty();
    assertThat(report.lost()).as(report.render()).isEmpty();
    assertThat(report.uncertainKeys()).isZero();
    assertThat(report.passed()).as(report.render()).isTrue();
  }
}
