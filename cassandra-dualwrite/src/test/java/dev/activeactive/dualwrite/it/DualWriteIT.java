package dev.activeactive.dualwrite.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.activeactive.dualwrite.api.DualWrite;
import dev.activeactive.dualwrite.api.DualWriteException;
import dev.activeactive.dualwrite.api.DualWriter;
import dev.activeactive.dualwrite.api.ReplayResult;
import dev.activeactive.dualwrite.api.Target;
import dev.activeactive.dualwrite.api.WriteMode;
import dev.activeactive.dualwrite.api.WriteResult;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.RegionSandboxTest;
import dev.activeactive.sandbox.api.SandboxComponent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dual writer on the real two-datacenter cluster. Target "a" is keyspace dw_a reached through a session in
 * us-east-1 without a keyspace (per-request keyspaces); target "b" is keyspace dw_b reached through a session
 * in us-west-2 bound to dw_b, so stopping the us-west-2 node makes "b" unreachable while "a" works.
 */
@RegionSandboxTest(components = SandboxComponent.CASSANDRA)
class DualWriteIT {
  private static final String A = "dw_a";
  private static final String B = "dw_b";
  private static final String TABLE = "CREATE TABLE %s.t (k int, c int, v text, n int, PRIMARY KEY (k, c))";
  private static CqlSession east;
  private static CqlSession west;

  @TempDir Path logDir;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private DualWriter writer;

  @BeforeAll
  static void schema(RegionSandbox sandbox) {
    east = Clusters.session(sandbox, Clusters.EAST);
    for (String ks : List.of(A, B)) {
      Clusters.createKeyspace(east, ks);
      Clusters.ddl(east, String.format(TABLE, ks));
    }
    west = Clusters.session(sandbox, Clusters.WEST, b -> b.keyspace(B));
  }

  @AfterAll
  static void close() {
    if (east != null) {
      east.close();
    }
    if (west != null) {
      west.close();
    }
  }

  @BeforeEach
  void truncate() {
    for (String ks : List.of(A, B)) {
      Clusters.ddl(east, "TRUNCATE " + ks + ".t");
    }
    writer = newWriter(WriteMode.DUAL);
  }

  @AfterEach
  void closeWriter() {
    if (writer != null) {
      writer.close();
    }
  }

  private DualWriter newWriter(WriteMode mode) {
    return DualWrite.builder()
        .primary(Target.of("a", east, A))
        .secondary(Target.of("b", west, B))
        .mode(mode)
        .failedWriteLog(logDir)
        .meterRegistry(registry)
        .shadowReadRatio(1.0)
        .build();
  }

  private static SimpleStatement insert(int k, int c, String v) {
    return SimpleStatement.newInstance("INSERT INTO t (k, c, v) VALUES (?, ?, ?)", k, c, v);
  }

  private static List<String> a() {
    return Clusters.cells(east, A, "t");
  }

  private static List<String> b() {
    return Clusters.cells(west, B, "t");
  }

  @Test
  void dualAndBestEffortWriteBothTargetsWithOneTimestamp() {
    PreparedStatement update = writer.prepare("UPDATE t SET n = :n WHERE k = :k AND c = :c");
    WriteResult simple = writer.write(insert(1, 1, "simple"));
    writer.write(update.bind().setInt("n", 7).setInt("k", 1).setInt("c", 1));
    writer.mode(WriteMode.DUAL_BEST_EFFORT);
    writer.write(BatchStatement.newInstance(DefaultBatchType.LOGGED,
        insert(2, 1, "batched"), update.bind().setInt("n", 8).setInt("k", 2).setInt("c", 1)));
    writer.write(SimpleStatement.newInstance("DELETE v FROM t WHERE k = :k AND c = :c", 
        java.util.Map.of("k", 2, "c", 1)));

    assertThat(a()).hasSize(2).isEqualTo(b());
    Row row = east.execute("SELECT writetime(v) FROM " + A + ".t WHERE k = 1 AND c = 1").one();
    assertThat(row.getLong(0)).isEqualTo(simple.writeTimestamp());
    assertThat(writer.failedWrites().size()).isZero();
  }

  @Test
  void secondaryOutageFailsDualKeepsBestEffortAndAReplayAfterARestartConverges(RegionSandbox sandbox) {
    writer.write(insert(1, 0, "before"));
    sandbox.faults().stopCassandra(Clusters.WEST);
    try {
      assertThatThrownBy(() -> writer.write(insert(1, 1, "dual")))
          .isInstanceOfSatisfying(DualWriteException.class, e -> {
            assertThat(e.failures()).containsOnlyKeys("b");
            assertThat(e.recordedFor()).containsExactly("b");
          });

      writer.mode(WriteMode.DUAL_BEST_EFFORT);
      WriteResult bestEffort = writer.write(insert(1, 2, "best-effort"));
      assertThat(bestEffort.deferredTo()).containsExactly("b");
      writer.write(insert(1, 0, "overwritten-while-down"));
      assertThat(writer.failedWrites().sizeByTarget()).containsEntry("b", 3L);
      assertThat(registry.get("dualwrite.failed_writes.pending").tag("target", "b").gauge().value())
          .isEqualTo(3.0);
      assertThat(writer.replayFailedWrites().isComplete()).isFalse();

      // the application restarts while the secondary is still down
      writer.close();
      writer = null;
    } finally {
      sandbox.faults().startCassandra(Clusters.WEST);
    }

    writer = newWriter(WriteMode.DUAL_BEST_EFFORT);
    assertThat(writer.failedWrites().size()).isEqualTo(3);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
      ReplayResult result = writer.replayFailedWrites();
      return result.isComplete() && result.remaining() == 0;
    });

    assertThat(a()).hasSize(3).isEqualTo(b());
    assertThat(a()).anyMatch(s -> s.contains("v=overwritten-while-down"));
  }

  @Test
  void swapAtRuntimeMovesWritesAndReads() {
    writer.mode(WriteMode.PRIMARY_ONLY);
    writer.write(insert(1, 1, "to-a"));
    writer.swap();
    writer.write(insert(2, 2, "to-b"));

    assertThat(writer.primary().name()).isEqualTo("b");
    assertThat(a()).singleElement().asString().contains("to-a");
    assertThat(b()).singleElement().asString().contains("to-b");
    Row read = writer.read(SimpleStatement.newInstance("SELECT v FROM t WHERE k = 2 AND c = 2")).one();
    assertThat(read.getString("v")).isEqualTo("to-b");
  }

  @Test
  void shadowReadsCountDivergence() {
    writer.write(insert(5, 1, "same"));
    assertThat(writer.read(SimpleStatement.newInstance("SELECT k, c, v FROM t WHERE k = 5")).all()).hasSize(1);
    await().atMost(Duration.ofSeconds(10))
        .until(() -> registry.find("dualwrite.shadow_reads").tag("result", "match").counter() != null);

    // plant a difference behind the writer's back
    west.execute("UPDATE t SET v = 'planted' WHERE k = 5 AND c = 1");
    Row row = writer.readAsync(SimpleStatement.newInstance("SELECT k, c, v FROM t WHERE k = 5"))
        .toCompletableFuture().join().one();

    assertThat(row.getString("v")).isEqualTo("same");
    await().atMost(Duration.ofSeconds(10)).until(() ->
        registry.find("dualwrite.shadow_reads").tag("result", "diverged").counter() != null);
    assertThat(registry.get("dualwrite.shadow_reads.divergent_rows").counter().count()).isEqualTo(2.0);
  }

  @Test
  void aQueryNamingAKeyspaceIsRefusedBeforeAnythingIsSent() {
    PreparedStatement qualified = east.prepare("INSERT INTO " + A + ".t (k, c, v) VALUES (?, ?, ?)");

    assertThatThrownBy(() -> writer.write(qualified.bind(9, 9, "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without a keyspace");
    assertThat(a()).isEmpty();
    assertThat(b()).isEmpty();
  }
}
