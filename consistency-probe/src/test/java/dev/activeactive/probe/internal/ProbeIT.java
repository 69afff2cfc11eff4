package dev.activeactive.probe.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.activeactive.probe.api.CassandraTarget;
import dev.activeactive.probe.api.ProbeConfig;
import dev.activeactive.probe.api.ProbeResult;
import dev.activeactive.probe.api.ProbeResult.CurvePoint;
import dev.activeactive.probe.internal.cli.ProbeMain;
import dev.activeactive.probe.internal.report.HtmlReport;
import dev.activeactive.probe.internal.run.ExperimentRunner;
import dev.activeactive.probe.internal.run.ProgressListener;
import dev.activeactive.probe.internal.store.CassandraStore;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.RegionSandboxTest;
import dev.activeactive.sandbox.api.SandboxComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe on the sandbox's real two-datacenter Cassandra. */
@RegionSandboxTest(components = SandboxComponent.CASSANDRA)
class ProbeIT {

  private static CassandraTarget target(RegionSandbox sandbox) {
    return new CassandraTarget(
        List.of(sandbox.region("us-east-1").cassandraNode().orElseThrow().contactPoint()),
        List.of(sandbox.region("us-west-2").cassandraNode().orElseThrow().contactPoint()),
        Optional.empty(), Optional.empty(), 1);
  }

  private static double visibleAt(ProbeResult result, long tMs) {
    return result.curve().stream().filter(p -> p.tMs() == tMs).mapToDouble(CurvePoint::fraction).findFirst()
        .orElseThrow();
  }

  @Test
  void theCommandLineRunsTheExperimentAndWritesJsonAndHtml(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("out.json");
    Path html = dir.resolve("report");
    int exit = ProbeMain.run(new String[] {"--records", "2000", "--json", json.toString(), "--html", html.toString()},
        new java.io.PrintWriter(System.err, true));
    assertThat(exit).isZero();
    JsonNode result = new ObjectMapper().readTree(json.toFile());
    assertThat(result.get("mode").asText()).isEqualTo("cassandra");
    assertThat(result.get("records").asLong()).isEqualTo(2000);
    assertThat(result.get("delayMs").asLong()).isEqualTo(500);
    assertThat(result.get("visibleAtDelay").asLong() + result.get("missingAtDelay").asLong()
        + result.get("lateReads").asLong() + result.get("errors").asLong()).isEqualTo(2000);
    assertThat(result.get("missingAtDelay").asLong()).isZero();
    assertThat(result.get("writeOpsPerSec").asDouble()).isPositive();
    assertThat(result.get("lagMs").get("p50").isNumber()).isTrue();
    assertThat(result.get("curve")).hasSize(9);
    assertThat(Files.readString(html.resolve("index.html"))).contains("<svg");
    // the default run is the experiment as Netflix framed it: the regions a WAN apart, every read on time
    assertThat(result.get("parameters").get("wanProfile").asText()).startsWith("us-east-1/us-west-2 (round trip 70 ms");
    assertThat(result.get("lagMs").get("p50").asDouble()).as("lag p50 across a 35 ms one-way WAN").isGreaterThan(30);
    assertThat(result.get("onTimeReads").asLong() + result.get("lateReads").asLong()).isEqualTo(2000);
    assertThat(result.get("onTimeReads").asLong()).isGreaterThanOrEqualTo(1900);
  }

  @Test
  void aStallOfTheReadDatacenterShowsItsMissesTheirEventualLagAndTheStallInTheTimeline(RegionSandbox sandbox,
      @TempDir Path dir) throws Exception {
    ProbeConfig config = ProbeConfig.builder().records(4000).lagSamples(400).wanProfile("us-east-1/us-west-2")
        .build();
    // the read region's node is frozen from 1.0 s to 4.5 s into the write phase, longer than the 2 s write
    // timeout: the mutations sent to it meanwhile are dropped when it resumes (too old) and replayed later from
    // the writer's hints; reads issued meanwhile answer once it resumes, without those records
    ProgressListener stallDuringWrites = new ProgressListener() {
      @Override
      public void phase(String name, long total) {
        if (name.equals("write")) {
          Thread stall = new Thread(() -> {
            try {
              Thread.sleep(1000);
              sandbox.faults().pauseCassandra("us-west-2");
              Thread.sleep(3500);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } finally {
              sandbox.faults().resumeCassandra("us-west-2");
            }
          }, "planted-stall");
          stall.start();
        }
      }

      @Override
      public void progress(long done) {}

      @Override
      public void phaseDone() {}
    };
    ProbeResult r;
    try (CassandraStore store = new CassandraStore(config, target(sandbox))) {
      r = new ExperimentRunner(store, config, stallDuringWrites).run();
    } finally {
      sandbox.faults().resumeCassandra("us-west-2");
    }
    dev.activeactive.probe.internal.report.SummaryTable.print(r, System.out);
    assertThat(r.missingAtDelay()).as("records missing at the delay").isPositive();
    assertThat(visibleAt(r, 500)).as("P(visible at 500 ms)").isLessThan(1.0);
    assertThat(r.followUp().missed()).isEqualTo(r.missingAtDelay());
    assertThat(r.followUp().becameVisible()).as("missed records that arrived later").isPositive();
    assertThat(r.followUp().lagMs().max()).as("their eventual lag").isGreaterThan(500);
    assertThat(r.followUp().sample()).isNotEmpty().allSatisfy(m -> assertThat(m.missedAtMs()).isBetween(500.0, 510.0));
    double before = r.timeline().get(0).maxLagMs();
    double worst = r.timeline().stream().mapToDouble(ProbeResult.TimelinePoint::maxLagMs).max().orElseThrow();
    assertThat(before).as("max sample lag in the first second, before the stall").isBetween(0.0, 500.0);
    assertThat(worst).as("max sample lag in the stall's seconds").isGreaterThan(1000);
    assertThat(r.timeline().stream().mapToLong(ProbeResult.TimelinePoint::misses).sum()).isEqualTo(r.missingAtDelay());
    String html = Files.readString(HtmlReport.write(dir, List.of(r), false, "FAIL").toAbsolutePath());
    assertThat(html).contains("id='missed-records'").contains("class='misses'");
  }

  private static long rows(RegionSandbox sandbox, String keyspace, String where) {
    try (CqlSession session = CqlSession.builder()
        .addContactPoint(sandbox.region("us-east-1").cassandraNode().orElseThrow().contactPoint())
        .withLocalDatacenter("us-east-1").build()) {
      return session.execute("SELECT count(*) FROM " + keyspace + ".records " + where).one().getLong(0);
    }
  }

  @Test
  void probeRowsCarryTheirTtlSoARunNeverLeavesUnboundedData(RegionSandbox sandbox) throws Exception {
    ProbeConfig config = ProbeConfig.builder().keyspace("probe_ttl_it").records(300).lagSamples(10)
        .delay(Duration.ofMillis(100)).rowTtl(Duration.ofHours(2)).build();
    try (CassandraStore store = new CassandraStore(config, target(sandbox))) {
      new ExperimentRunner(store, config, ProgressListener.NONE).run();
    }
    try (CqlSession session = CqlSession.builder()
        .addContactPoint(sandbox.region("us-east-1").cassandraNode().orElseThrow().contactPoint())
        .withLocalDatacenter("us-east-1").build()) {
      List<Integer> ttls = session.execute("SELECT TTL(written) FROM probe_ttl_it.records").all().stream()
          .map(row -> row.isNull(0) ? -1 : row.getInt(0)).toList();
      assertThat(ttls).hasSize(300).allSatisfy(ttl -> assertThat(ttl).isBetween(7000, 7200));
    }
  }

  @Test
  void deleteRowsRemovesTheRunsRowsAtTheEnd(RegionSandbox sandbox) throws Exception {
    ProbeConfig config = ProbeConfig.builder().keyspace("probe_delete_it").records(300).lagSamples(10)
        .delay(Duration.ofMillis(100)).deleteRowsAtEnd(true).build();
    ProbeResult result;
    try (CassandraStore store = new CassandraStore(config, target(sandbox))) {
      result = new ExperimentRunner(store, config, ProgressListener.NONE).run();
    }
    assertThat(result.visibleAtDelay()).isPositive();
    assertThat(rows(sandbox, "probe_delete_it", "")).isZero();
  }
}
