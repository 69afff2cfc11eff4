package dev.activeactive.probe.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.activeactive.probe.api.CassandraTarget;
import dev.activeactive.probe.api.DelayAnchor;
import dev.activeactive.probe.api.ProbeConfig;
import dev.activeactive.probe.api.ProbeResult;
import dev.activeactive.probe.api.ProbeResult.CurvePoint;
import dev.activeactive.probe.internal.cli.ProbeCommand;
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
import picocli.CommandLine;

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
    int exit = new CommandLine(new ProbeCommand()).execute("--records", "2000", "--json", json.toString(),
        "--html", html.toString());
    assertThat(exit).isZero();
    JsonNode result = new ObjectMapper().readTree(json.toFile());
    assertThat(result.get("mode").asText()).isEqualTo("cassandra");
    assertThat(result.get("records").asLong()).isEqualTo(2000);
    assertThat(result.get("delayMs").asLong()).isEqualTo(500);
    assertThat(result.get("visibleAtDelay").asLong() + result.get("missingAtDelay").asLong()
        + result.get("errors").asLong()).isEqualTo(2000);
    assertThat(result.get("missingAtDelay").asLong()).isZero();
    assertThat(result.get("writeOpsPerSec").asDouble()).isPositive();
    assertThat(result.get("lagMs").get("p50").isNumber()).isTrue();
    assertThat(result.get("curve")).hasSize(9);
    assertThat(Files.readString(html.resolve("index.html"))).contains("<svg");
  }

  @Test
  void aPlantedReplicationDelayShowsUpAsMissingRecordsAndAShiftedCurve(RegionSandbox sandbox) throws Exception {
    ProbeConfig config = ProbeConfig.builder()
        .records(3000)
        .writesPerSecond(1000)
        .anchor(DelayAnchor.AFTER_WRITE_PHASE)
        .delay(Duration.ofMillis(100))
        .lagSamples(100)
        .lagHorizon(Duration.ofSeconds(3))
        .build();
    // the read region's node is frozen for the whole write phase: the writer's datacenter acknowledges at
    // LOCAL_QUORUM, but the mutations for the other datacenter time out and become hints, replayed later
    ProgressListener freezeDuringWrites = new ProgressListener() {
      @Override
      public void phase(String name, long total) {
        if (name.equals("write")) {
          sandbox.faults().pauseCassandra("us-west-2");
        }
      }

      @Override
      public void progress(long done) {}

      @Override
      public void phaseDone() {
        sandbox.faults().resumeCassandra("us-west-2");
      }
    };
    ProbeResult planted;
    try (CassandraStore store = new CassandraStore(config, target(sandbox))) {
      planted = new ExperimentRunner(store, config, freezeDuringWrites).run();
    } finally {
      sandbox.faults().resumeCassandra("us-west-2");
    }
    assertThat(planted.missingAtDelay()).as("records missing at the delay").isPositive();
    assertThat(visibleAt(planted, 500)).as("P(visible at 500 ms)").isLessThan(0.9);

    ProbeConfig calm = ProbeConfig.builder().records(3000).writesPerSecond(1000).lagSamples(100).build();
    ProbeResult baseline;
    try (CassandraStore store = new CassandraStore(calm, target(sandbox))) {
      baseline = new ExperimentRunner(store, calm, ProgressListener.NONE).run();
    }
    assertThat(baseline.missingAtDelay()).isZero();
    assertThat(visibleAt(baseline, 1000)).isGreaterThan(visibleAt(planted, 1000));
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
