package dev.activeactive.dualwrite.bench;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DriverExecutionProfile;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.session.Request;
import com.datastax.oss.driver.api.core.tracker.RequestTracker;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import dev.activeactive.dualwrite.api.Backfill;
import dev.activeactive.dualwrite.api.BackfillResult;
import dev.activeactive.dualwrite.api.DualWrite;
import dev.activeactive.dualwrite.api.DualWriter;
import dev.activeactive.dualwrite.api.Target;
import dev.activeactive.dualwrite.api.WriteMode;
import dev.activeactive.dualwrite.it.Clusters;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.SandboxComponent;
import dev.activeactive.sandbox.api.WanProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongFunction;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Dual-write latency against single-target latency measured in the same run, and backfill throughput, on the
 * sandbox's real Cassandra (a running {@code ./sandbox up}, or one started here).
 *
 * <p>Phases {@code single-a} and {@code single-b} write one keyspace with the plain driver; {@code dual} writes
 * both through a {@link DualWriter} in {@link WriteMode#DUAL}. Each phase runs a closed loop with a fixed
 * number of writes in flight; the phases take turns in small blocks so that drift in the machine's load hits
 * all of them alike. The figure of merit is dual p99 over the slower single p99 (goal: at most 1.2). Since a dual
 * write is two writes, the harness also reports each target's own latency inside the dual phase (measured by
 * the driver), which compares the dual write with its slower half under the very same load.
 *
 * <p>Run (see docs/cassandra-dualwrite.md):
 * <pre>
 * ./mvnw -B -o -pl cassandra-dualwrite -am test-compile
 * java -cp "cassandra-dualwrite/target/test-classes:cassandra-dualwrite/target/classes:$(cat cassandra-dualwrite/target/bench-classpath.txt)" \
 *     dev.activeactive.dualwrite.bench.DualWriteBenchmark [--writes 20000] [--concurrency 4] [--block 500] \
 *     [--backfill-rows 100000] [--secondary same-dc|other-dc]
 * </pre>
 */
public final class DualWriteBenchmark {
  private static final String A = "bench_a";
  private static final String B = "bench_b";
  private static final String SRC = "bench_src";
  private static final String DST = "bench_dst";

  public static void main(String[] args) throws Exception {
    Map<String, String> options = parse(args);
    int writes = Integer.parseInt(options.getOrDefault("writes", "20000"));
    int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "4"));
    int block = Integer.parseInt(options.getOrDefault("block", "500"));
    int backfillRows = Integer.parseInt(options.getOrDefault("backfill-rows", "100000"));
    boolean otherDc = options.getOrDefault("secondary", "same-dc").equals("other-dc");

    RegionSandbox sandbox = RegionSandbox.shared();
    sandbox.require(SandboxComponent.CASSANDRA);
    WanProfile wan = WanProfile.parse(System.getProperty("wan", WanProfile.DEFAULT_NAME));
    sandbox.faults().setWan(wan);
    System.out.println("WAN profile between the datacenters: " + wan.describe());
    Path log = Files.createTempDirectory("dualwrite-bench-");
    PerKeyspaceLatency insideDual = new PerKeyspaceLatency();
    try (CqlSession east = Clusters.session(sandbox, Clusters.EAST,
            b -> b.customizeSession(s -> s.addRequestTracker(insideDual)));
        CqlSession west = otherDc ? Clusters.session(sandbox, Clusters.WEST,
            b -> b.customizeSession(s -> s.addRequestTracker(insideDual))) : null) {
      CqlSession secondarySession = otherDc ? west : east;
      for (String ks : List.of(A, B, SRC, DST)) {
        Clusters.createKeyspace(east, ks);
        Clusters.ddl(east, "CREATE TABLE " + ks + ".kv (k bigint PRIMARY KEY, v text)");
      }
      String value = "x".repeat(100);
      PreparedStatement singleA = east.prepare("INSERT INTO " + A + ".kv (k, v) VALUES (?, ?)");
      PreparedStatement singleB = secondarySession.prepare("INSERT INTO " + B + ".kv (k, v) VALUES (?, ?)");
      try (DualWriter writer = DualWrite.builder()
          .primary(Target.of("a", east, A))
          .secondary(Target.of("b", secondarySession, B))
          .mode(WriteMode.DUAL)
          .failedWriteLog(log)
          .build()) {
        PreparedStatement dual = writer.prepare("INSERT INTO kv (k, v) VALUES (?, ?)");
        Map<String, LongFunction<CompletionStage<?>>> phases = new LinkedHashMap<>();
        phases.put("single-a", k -> east.executeAsync(singleA.bind(k, value)));
        phases.put("single-b", k -> secondarySession.executeAsync(singleB.bind(k, value)));
        phases.put("dual", k -> writer.writeAsync(dual.bind(k, value)));

        Map<String, Histogram> histograms = new LinkedHashMap<>();
        phases.keySet().forEach(p -> histograms.put(p, new ConcurrentHistogram(3)));
        System.out.printf("warming up (%d writes per phase)...%n", Math.min(writes, 5_000));
        phases.values().forEach(phase -> run(phase, Math.min(writes, 5_000), concurrency, new ConcurrentHistogram(3)));

        // Small blocks taking turns spread any disturbance of the machine evenly over the phases.
        List<String> order = new ArrayList<>(phases.keySet());
        for (int done = 0; done < writes; done += block) {
          int size = Math.min(block, writes - done);
          for (String name : order) {
            insideDual.recording = name.equals("dual");
            run(phases.get(name), size, concurrency, histograms.get(name));
            insideDual.recording = false;
          }
          java.util.Collections.rotate(order, 1);
        }

        System.out.printf("%nwrites per phase %d in blocks of %d taking turns, %d in flight, secondary %s%n", writes, block,
            concurrency, otherDc ? "keyspace via the us-west-2 datacenter" : "keyspace of the same cluster");
        System.out.printf("%-10s %8s %8s %8s %9s %8s%n", "phase", "count", "p50 ms", "p99 ms", "p99.9 ms", "max ms");
        histograms.forEach((name, h) -> System.out.printf("%-10s %8d %8.2f %8.2f %9.2f %8.2f%n", name,
            h.getTotalCount(), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)),
            ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue())));
        double slowerSingle = Math.max(histograms.get("single-a").getValueAtPercentile(99),
            histograms.get("single-b").getValueAtPercentile(99));
        double ratio = histograms.get("dual").getValueAtPercentile(99) / slowerSingle;
        System.out.printf("dual p99 / slower single p99 = %.2f (goal <= 1.20)%n", ratio);
        // the same comparison under identical load: each target's own requests inside the dual writes
        Histogram insideA = insideDual.of(A);
        Histogram insideB = insideDual.of(B);
        double slowerInside = Math.max(insideA.getValueAtPercentile(99), insideB.getValueAtPercentile(99));
        System.out.printf("inside dual writes (driver-measured per target): a p50 %.2f p99 %.2f ms, b p50 %.2f "
                + "p99 %.2f ms; dual p99 / slower target p99 = %.2f%n", ms(insideA.getValueAtPercentile(50)),
            ms(insideA.getValueAtPercentile(99)), ms(insideB.getValueAtPercentile(50)),
            ms(insideB.getValueAtPercentile(99)), histograms.get("dual").getValueAtPercentile(99) / slowerInside);
      }

      seed(east, backfillRows, value);
      BackfillResult result = Backfill.builder()
          .source(Target.of("src", east, SRC))
          .destination(Target.of("dst", secondarySession, DST))
          .table("kv")
          .splits(256)
          .parallelism(8)
          .progress(p -> { })
          .build()
          .run();
      System.out.printf("backfill: %d rows in %.1f s = %.0f rows/s (%d inserts, splits 256, parallelism 8)%n",
          result.rowsCopied(), result.elapsed().toMillis() / 1000.0, result.rowsPerSecond(), result.insertsSent());
    }
    System.exit(0); // the shared sandbox stops its servers in a shutdown hook
  }

  /** Latency of every request the driver completes, by keyspace, while {@link #recording} is on. */
  static final class PerKeyspaceLatency implements RequestTracker {
    volatile boolean recording;
    private final Map<String, Histogram> byKeyspace = new java.util.concurrent.ConcurrentHashMap<>();

    Histogram of(String keyspace) {
      return byKeyspace.computeIfAbsent(keyspace, k -> new ConcurrentHistogram(3));
    }

    @Override
    public void onSuccess(Request request, long latencyNanos, DriverExecutionProfile profile, Node node,
        String logPrefix) {
      if (!recording) {
        return;
      }
      CqlIdentifier keyspace = request.getKeyspace() != null ? request.getKeyspace() : request.getRoutingKeyspace();
      if (keyspace != null) {
        of(keyspace.asInternal()).recordValue(latencyNanos);
      }
    }

    @Override
    public void close() {}
  }

  private static void run(LongFunction<CompletionStage<?>> write, int count, int concurrency, Histogram histogram) {
    Semaphore inFlight = new Semaphore(concurrency);
    for (int i = 0; i < count; i++) {
      inFlight.acquireUninterruptibly();
      long key = ThreadLocalRandom.current().nextLong(1_000_000);
      long start = System.nanoTime();
      write.apply(key).whenComplete((ignored, error) -> {
        if (error != null) {
          System.err.println("write failed: " + error);
        }
        histogram.recordValue(System.nanoTime() - start);
        inFlight.release();
      });
    }
    inFlight.acquireUninterruptibly(concurrency);
  }

  private static void seed(CqlSession session, int rows, String value) {
    System.out.printf("seeding %d rows for the backfill...%n", rows);
    PreparedStatement insert = session.prepare("INSERT INTO " + SRC + ".kv (k, v) VALUES (?, ?) USING TIMESTAMP ?");
    Semaphore inFlight = new Semaphore(256);
    for (long k = 0; k < rows; k++) {
      inFlight.acquireUninterruptibly();
      Statement<?> statement = insert.bind(k, value, 1_000L + k);
      session.executeAsync(statement).whenComplete((r, e) -> inFlight.release());
    }
    inFlight.acquireUninterruptibly(256);
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option value, got " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    return options;
  }
}
