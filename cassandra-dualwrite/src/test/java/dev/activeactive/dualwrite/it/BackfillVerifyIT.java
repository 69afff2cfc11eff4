package dev.activeactive.dualwrite.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.activeactive.dualwrite.api.Backfill;
import dev.activeactive.dualwrite.api.BackfillResult;
import dev.activeactive.dualwrite.api.DualWrite;
import dev.activeactive.dualwrite.api.DualWriter;
import dev.activeactive.dualwrite.api.RowDifference;
import dev.activeactive.dualwrite.api.Target;
import dev.activeactive.dualwrite.api.Verify;
import dev.activeactive.dualwrite.api.VerifyReport;
import dev.activeactive.dualwrite.api.WriteMode;
import dev.activeactive.dualwrite.api.WriteResult;
import dev.activeactive.dualwrite.internal.cli.DualWriteCli;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.RegionSandboxTest;
import dev.activeactive.sandbox.api.SandboxComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backfill and verify between two keyspaces of the real cluster. */
@RegionSandboxTest(components = SandboxComponent.CASSANDRA)
class BackfillVerifyIT {
  private static final String SRC = "bf_src";
  private static final String DST = "bf_dst";
  private static final String TABLE =
      "CREATE TABLE %s.%s (k int, c int, v text, n int, s text static, PRIMARY KEY (k, c))";
  /** Seeded cells are old: every dual write during the test is newer. */
  private static final long SEED_TIME = 1_000_000L;
  private static CqlSession session;

  @TempDir Path dir;

  @BeforeAll
  static void schema(RegionSandbox sandbox) {
    session = Clusters.session(sandbox, Clusters.EAST);
    for (String ks : List.of(SRC, DST)) {
      Clusters.createKeyspace(session, ks);
      for (String table : List.of("copied", "resumed", "verified", "cli")) {
        Clusters.ddl(session, String.format(TABLE, ks, table));
      }
    }
  }

  @AfterAll
  static void close() {
    if (session != null) {
      session.close();
    }
  }

  private static Target src() {
    return Target.of("src", session, SRC);
  }

  private static Target dst() {
    return Target.of("dst", session, DST);
  }

  /** Writes {@code rows} rows (4 per partition, every 10th partition with a TTL) straight into the source. */
  private static void seed(String table, int rows) {
    PreparedStatement insert = session.prepare("INSERT INTO " + SRC + "." + table
        + " (k, c, v, n, s) VALUES (?, ?, ?, ?, ?) USING TIMESTAMP ? AND TTL ?");
    List<CompletionStage<?>> inFlight = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      int k = i / 4;
      inFlight.add(session.executeAsync(insert.bind(k, i % 4, "v" + i, i, "s" + k, SEED_TIME + i,
          k % 10 == 0 ? 86_400 : 0)));
      if (inFlight.size() == 256) {
        inFlight.forEach(f -> f.toCompletableFuture().join());
        inFlight.clear();
      }
    }
    inFlight.forEach(f -> f.toCompletableFuture().join());
  }

  /** Every cell with its write time, by primary key. */
  private static Map<String, String> cells(String keyspace, String table) {
    Map<String, String> out = new HashMap<>();
    for (Row row : session.execute(SimpleStatement.newInstance("SELECT k, c, v, writetime(v), n, writetime(n), "
        + "s, writetime(s) FROM " + keyspace + "." + table).setPageSize(5000))) {
      out.put(row.getInt(0) + "/" + row.getInt(1), row.getString(2) + "@" + row.getObject(3) + " "
          + row.getObject(4) + "@" + row.getObject(5) + " " + row.getString(6) + "@" + row.getObject(7));
    }
    return out;
  }

  @Test
  void backfillUnderConcurrentDualWritesKeepsWriteTimesAndNeverOverwritesNewerData() throws Exception {
    seed("copied", 4_000);
    Map<String, Long> dualWritten = new ConcurrentHashMap<>();
    AtomicBoolean backfillDone = new AtomicBoolean();
    BackfillResult result;
    try (DualWriter writer = DualWrite.builder().primary(src()).secondary(dst()).mode(WriteMode.DUAL)
        .failedWriteLog(dir.resolve("log")).build()) {
      // the application keeps updating the first 100 partitions while the backfill runs
      CompletableFuture<Integer> application = CompletableFuture.supplyAsync(() -> {
        int writes = 0;
        AtomicInteger round = new AtomicInteger();
        while (!backfillDone.get() || writes < 400) {
          int k = writes % 100;
          WriteResult written = writer.write(SimpleStatement.newInstance(
              "UPDATE copied SET v = ? WHERE k = ? AND c = 0", "new-" + round.incrementAndGet(), k));
          dualWritten.put(k + "/0", written.writeTimestamp());
          writes++;
        }
        return writes;
      });
      result = Backfill.builder().source(src()).destination(dst()).table("copied")
          .splits(64).parallelism(4).pageSize(200)
          .build().run();
      backfillDone.set(true);
      assertThat(application.get()).isGreaterThanOrEqualTo(400);
    }

    assertThat(result.complete()).isTrue();
    assertThat(result.rangesCopied()).isEqualTo(64);
    assertThat(result.rowsCopied()).isGreaterThanOrEqualTo(4_000); // plus one static row per partition
    Map<String, String> source = cells(SRC, "copied");
    Map<String, String> destination = cells(DST, "copied");
    assertThat(destination).hasSize(4_000).isEqualTo(source);
    // the dual writes' newer values and write times survived the copy of the older cells
    dualWritten.forEach((key, timestamp) -> assertThat(destination.get(key)).contains("new-").contains("@" + timestamp));
    assertThat(destination.get("1/1")).isEqualTo("v5@" + (SEED_TIME + 5) + " 5@" + (SEED_TIME + 5) + " s1@"
        + (SEED_TIME + 7));
    Row ttl = session.execute("SELECT TTL(v) FROM " + DST + ".copied WHERE k = 10 AND c = 1").one();
    assertThat(ttl.getInt(0)).isBetween(86_000, 86_400);
    Row noTtl = session.execute("SELECT TTL(v) FROM " + DST + ".copied WHERE k = 11 AND c = 1").one();
    assertThat(noTtl.isNull(0)).isTrue();
  }

  @Test
  void aStoppedBackfillResumesFromItsCheckpoint() {
    seed("resumed", 1_000);
    Path checkpoint = dir.resolve("resumed.checkpoint");
    AtomicBoolean stopped = new AtomicBoolean();
    Backfill[] first = new Backfill[1];
    first[0] = Backfill.builder().source(src()).destination(dst()).table("resumed").splits(32).parallelism(1)
        .checkpoint(checkpoint)
        .progress(p -> {
          if (p.rangesDone() == 5 && stopped.compareAndSet(false, true)) {
            first[0].stop();
          }
        })
        .build();
    BackfillResult partial = first[0].run();

    assertThat(partial.complete()).isFalse();
    assertThat(partial.rangesCopied()).isEqualTo(5);

    BackfillResult rest = Backfill.builder().source(src()).destination(dst()).table("resumed").splits(32)
        .checkpoint(checkpoint).build().run();

    assertThat(rest.complete()).isTrue();
    assertThat(rest.rangesSkipped()).isEqualTo(5);
    assertThat(rest.rangesCopied()).isEqualTo(27);
    assertThat(cells(DST, "resumed")).hasSize(1_000).isEqualTo(cells(SRC, "resumed"));
  }

  @Test
  void verifyFindsPlantedDivergencesAndRepairsThemNewestWins() {
    seed("verified", 400);
    Backfill.builder().source(src()).destination(dst()).table("verified").splits(16).build().run();
    Verify.Builder verify = Verify.builder().source(src()).destination(dst()).table("verified").splits(16);
    assertThat(verify.build().run().consistent()).isTrue();

    long later = SEED_TIME + 1_000_000;
    session.execute("INSERT INTO " + SRC + ".verified (k, c, v) VALUES (500, 0, 'only-in-source') USING TIMESTAMP " + later);
    session.execute("INSERT INTO " + DST + ".verified (k, c, v) VALUES (501, 0, 'only-in-destination') USING TIMESTAMP " + later);
    session.execute("UPDATE " + DST + ".verified USING TIMESTAMP " + later + " SET v = 'newer-in-destination' WHERE k = 3 AND c = 1");
    session.execute("UPDATE " + SRC + ".verified USING TIMESTAMP " + later + " SET n = 777 WHERE k = 4 AND c = 2");

    VerifyReport found = verify.build().run();

    assertThat(found.complete()).isTrue();
    assertThat(found.missingInDestination()).isEqualTo(1);
    assertThat(found.missingInSource()).isEqualTo(1);
    assertThat(found.differing()).isEqualTo(2);
    assertThat(found.samples()).extracting(RowDifference::key)
        .contains("k=500, c=0", "k=501, c=0", "k=3, c=1", "k=4, c=2");
    assertThat(found.samples()).filteredOn(d -> d.key().equals("k=3, c=1"))
        .singleElement().satisfies(d -> assertThat(d.columns()).containsExactly("v"));
    assertThat(cells(DST, "verified")).isNotEqualTo(cells(SRC, "verified"));

    VerifyReport repaired = verify.repair(true).build().run();
    assertThat(repaired.cellsRepaired()).isEqualTo(4);

    assertThat(verify.repair(false).build().run().consistent()).isTrue();
    Map<String, String> source = cells(SRC, "verified");
    assertThat(source).isEqualTo(cells(DST, "verified"));
    assertThat(source.get("3/1")).startsWith("newer-in-destination@" + later);
    assertThat(source.get("4/2")).contains("777@" + later);
    assertThat(source.get("501/0")).startsWith("only-in-destination@" + later);
  }

  @Test
  void theCommandLineBackfillsAndVerifies(RegionSandbox sandbox) {
    seed("cli", 200);
    var node = Clusters.node(sandbox, Clusters.EAST);
    String[] connection = {"--source-contact-point",
        node.contactPoint().getHostString() + ":" + node.contactPoint().getPort(), "--source-dc", node.datacenter(),
        "--source-keyspace", SRC, "--destination-keyspace", DST, "--table", "cli", "--splits", "8"};
    java.io.StringWriter out = new java.io.StringWriter();
    picocli.CommandLine cli = DualWriteCli.commandLine();
    cli.setOut(new java.io.PrintWriter(out));

    int verifyBefore = cli.execute(concat("verify", connection));
    int backfill = cli.execute(concat("backfill", connection, "--checkpoint", dir.resolve("cli.ckpt").toString()));
    int verifyAfter = cli.execute(concat("verify", connection));

    assertThat(verifyBefore).isEqualTo(4);
    assertThat(backfill).isZero();
    assertThat(verifyAfter).isZero();
    assertThat(out.toString()).contains("backfill complete: 8 ranges").contains("0 missing in destination");
    assertThat(cells(DST, "cli")).isEqualTo(cells(SRC, "cli"));
  }

  private static String[] concat(String command, String[] options, String... more) {
    List<String> all = new ArrayList<>();
    all.add(command);
    all.addAll(List.of(options));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }
}
