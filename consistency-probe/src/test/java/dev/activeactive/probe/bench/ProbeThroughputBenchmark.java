package dev.activeactive.probe.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import dev.activeactive.probe.api.CassandraTarget;
import dev.activeactive.probe.api.DelayAnchor;
import dev.activeactive.probe.api.ProbeConfig;
import dev.activeactive.probe.api.ProbeResult;
import dev.activeactive.probe.internal.run.ExperimentRunner;
import dev.activeactive.probe.internal.run.ProgressListener;
import dev.activeactive.probe.internal.store.CassandraStore;
import dev.activeactive.sandbox.api.CassandraEndpoint;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.SandboxComponent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.function.LongFunction;

/**
 * The probe's write and read throughput against a plain driver loop (asynchronous, 256 requests in flight,
 * prepared statements, same consistency levels, same table), measured in the same run on the sandbox, in
 * rounds that alternate which one goes first, so that both see the same machine.
 *
 * <p>Run: see docs/PERFORMANCE.md. Arguments: records per round (default 100000), rounds (default 2).
 */
public final class ProbeThroughputBenchmark {
  private static final int IN_FLIGHT = 256;

  public static void main(String[] args) throws Exception {
    long records = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    RegionSandbox sandbox = RegionSandbox.shared();
    sandbox.require(SandboxComponent.CASSANDRA);
    CassandraEndpoint east = sandbox.region("us-east-1").cassandraNode().orElseThrow();
    CassandraEndpoint west = sandbox.region("us-west-2").cassandraNode().orElseThrow();
    CassandraTarget target = new CassandraTarget(List.of(east.contactPoint()), List.of(west.contactPoint()),
        Optional.empty(), Optional.empty(), 1);
    ProbeConfig config = ProbeConfig.builder().records(records).anchor(DelayAnchor.AFTER_WRITE_PHASE)
        .delay(Duration.ZERO).lagSamples(0).build();
    // a tiny run creates the keyspace and table the plain loop uses too, and warms both sides up
    ProbeConfig warmUp = ProbeConfig.builder().records(10_000).anchor(DelayAnchor.AFTER_WRITE_PHASE)
        .delay(Duration.ZERO).lagSamples(0).build();
    try (CassandraStore store = new CassandraStore(warmUp, target)) {
      new ExperimentRunner(store, warmUp, ProgressListener.NONE).run();
    }
    double plainWrites = 0;
    double plainReads = 0;
    double probeWrites = 0;
    double probeReads = 0;
    try (CqlSession writer = session(east); CqlSession reader = session(west)) {
      PreparedStatement insert = writer.prepare("INSERT INTO " + config.keyspace()
          + ".records (run, id, written) VALUES (?, ?, 1)");
      PreparedStatement select = reader.prepare("SELECT written FROM " + config.keyspace()
          + ".records WHERE run = ? AND id = ?");
      for (int round = 0; round < rounds; round++) {
        UUID run = UUID.randomUUID();
        // alternate which goes first, so neither always meets a cluster still busy with the other's writes
        ProbeResult probe = round % 2 == 1 ? probeRound(config, target) : null;
        double w = loop(records, id -> writer.executeAsync(insert.bind(run, id)
            .setConsistencyLevel(DefaultConsistencyLevel.LOCAL_QUORUM)).toCompletableFuture());
        double r = loop(records, id -> reader.executeAsync(select.bind(run, id)
            .setConsistencyLevel(DefaultConsistencyLevel.LOCAL_ONE)).toCompletableFuture());
        if (probe == null) {
          probe = probeRound(config, target);
        }
        System.out.printf("round %d: plain %.0f writes/s %.0f reads/s | probe %.0f writes/s %.0f reads/s%n", round,
            w, r, probe.writeOpsPerSec(), probe.readOpsPerSec());
        plainWrites += w;
        plainReads += r;
        probeWrites += probe.writeOpsPerSec();
        probeReads += probe.readOpsPerSec();
      }
    }
    System.out.printf("records=%d rounds=%d in-flight=%d%n", records, rounds, IN_FLIGHT);
    System.out.printf("writes: probe %.0f/s vs plain loop %.0f/s = %.2fx%n", probeWrites / rounds,
        plainWrites / rounds, probeWrites / plainWrites);
    System.out.printf("reads:  probe %.0f/s vs plain loop %.0f/s = %.2fx%n", probeReads / rounds,
        plainReads / rounds, probeReads / plainReads);
    System.exit(0);
  }

  private static ProbeResult probeRound(ProbeConfig config, CassandraTarget target) throws Exception {
    try (CassandraStore store = new CassandraStore(config, target)) {
      return new ExperimentRunner(store, config, ProgressListener.NONE).run();
    }
  }

  private static CqlSession session(CassandraEndpoint node) {
    return CqlSession.builder()
        .addContactPoint(node.contactPoint())
        .withLocalDatacenter(node.datacenter())
        .withConfigLoader(DriverConfigLoader.programmaticBuilder()
            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10))
            .withInt(DefaultDriverOption.CONNECTION_MAX_REQUESTS, 32_768)
            .build())
        .build();
  }

  /** A plain asynchronous loop with IN_FLIGHT requests outstanding; returns operations per second. */
  private static double loop(long records, LongFunction<java.util.concurrent.CompletableFuture<?>> op)
      throws InterruptedException {
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    long start = System.nanoTime();
    for (long id = 0; id < records; id++) {
      inFlight.acquire();
      op.apply(id).whenComplete((v, e) -> inFlight.release());
    }
    inFlight.acquire(IN_FLIGHT);
    return records / ((System.nanoTime() - start) / 1e9);
  }
}
