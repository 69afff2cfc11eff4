package dev.activeactive.examples.drills;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The latency drill (Latency Monkey) on the sandbox, with its report's checks as assertions. */
class LatencyDrillIT extends TwoRegionDrillBase {

  @Test
  void writesStayFastWhileTheQueuePathIsSlowAndAZoneIsDown() {
    // 6 s phases: the 3 s cut runs from 2 s to 5 s into the faulty one, inside the +1 s queue latency throughout
    LatencyDrill.Options options = new LatencyDrill.Options(15, 4, Duration.ofSeconds(6), Duration.ofSeconds(1),
        Duration.ofSeconds(3), 25, 4, Duration.ofSeconds(30));

    LatencyReport report = LatencyDrill.run(regions, options);
    System.out.print(report.render());

    assertThat(report.before().traffic().totalErrors() + report.during().traffic().totalErrors())
        .as(report.render()).isZero();
    // the queue path is not on the write path: were it, every write would wait for at least the injected latency,
    // and the writes during the 3 s cut for the cut
    assertThat(report.during().p50(Op.HISTORY_PUT)).as(report.render()).isLessThan(250);
    assertThat(report.during().p50(Op.NOW_PLAYING_PUT)).as(report.render()).isLessThan(250);
    assertThat(report.during().p99(Op.HISTORY_PUT)).as(report.render()).isLessThan(3000);
    assertThat(report.during().p99(Op.NOW_PLAYING_PUT)).as(report.render()).isLessThan(3000);
    assertThat(report.during().lag().lag().p50()).as("the latency was in force").isGreaterThanOrEqualTo(1000);
    assertThat(report.during().zoneFallbacks()).as("the stopped zone was in force").isPositive();
    assertThat(report.during().failedPublishRequests()).as("the cut was in force").isPositive();
    assertThat(report.before().lag().missing() + report.during().lag().missing()).isZero();
    assertThat(report.converged()).as(report.render()).isPresent();
    assertThat(report.stale()).as(report.render()).isEmpty();
    assertThat(report.lost()).as(report.render()).isEmpty();
    assertThat(report.troubles()).isZero();
    assertThat(report.passed()).as(report.render()).isTrue();
  }
}
