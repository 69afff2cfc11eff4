package dev.activeactive.dualwrite.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.activeactive.dualwrite.api.DualWrite;
import dev.activeactive.dualwrite.api.DualWriteException;
import dev.activeactive.dualwrite.api.DualWriter;
import dev.activeactive.dualwrite.api.ReplayResult;
import dev.activeactive.dualwrite.api.Target;
import dev.activeactive.dualwrite.api.WriteMode;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.RegionSandboxTest;
import dev.activeactive.sandbox.api.SandboxComponent;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a replay writes, on the real cluster. Target "b" misses writes because its tables do not exist yet
 * (the cheapest outage there is: no node restart); they are created before the replay.
 */
@RegionSandboxTest(components = SandboxComponent.CASSANDRA)
class FailedWriteReplayIT {
  private static final String A = "fwr_a";
  private static final String B = "fwr_b";
  private static CqlSession east;
  private static CqlSession west;

  @TempDir Path logDir;
  private DualWriter writer;

  @BeforeAll
  static void schema(RegionSandbox sandbox) {
    east = Clusters.session(sandbox, Clusters.EAST);
    west = Clusters.session(sandbox, Clusters.WEST);
    Clusters.createKeyspace(east, A);
    Clusters.createKeyspace(east, B);
    Clusters.ddl(east, "CREATE TABLE " + A + ".ttl_t (k int PRIMARY KEY, v text)");
    Clusters.ddl(east, "CREATE TABLE " + A + ".ttl_d (k int PRIMARY KEY, v text) WITH default_time_to_live = 8");
    Clusters.ddl(east, "CREATE TABLE " + A + ".counts (k int PRIMARY KEY, n counter)");
    Clusters.ddl(east, "CREATE TABLE " + A + ".cli_t (k int PRIMARY KEY, v text)");
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
  void open() {
    writer = DualWrite.builder()
        .primary(Target.of("a", east, A))
        .secondary(Target.of("b", west, B))
        .mode(WriteMode.DUAL_BEST_EFFORT)
        .failedWriteLog(logDir)
        .build();
  }

  @AfterEach
  void closeWriter() {
    writer.close();
  }

  /** The seconds left to live of v in row k, or null when the row is gone. */
  private static Integer ttl(CqlSession session, String keyspace, String table, int k) {
    Row row = session.execute(SimpleStatement.newInstance(
        "SELECT TTL(v) FROM " + keyspace + "." + table + " WHERE k = ?", k)).one();
    return row == null ? null : row.getInt(0);
  }

  @Test
  void replayedRowsExpireWhenTheOriginalsDo() {
    writer.write(SimpleStatement.newInstance("INSERT INTO ttl_t (k, v) VALUES (1, 'explicit') USING TTL 8"));
    writer.write(SimpleStatement.newInstance("INSERT INTO ttl_d (k, v) VALUES (1, 'table default')"));
    writer.write(SimpleStatement.newInstance("INSERT INTO ttl_t (k, v) VALUES (2, 'expired') USING TTL 2"));
    assertThat(writer.failedWrites().sizeByTarget()).containsEntry("b", 3L);

    // time passes before the secondary is back: the originals keep ageing
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
        .until(() -> ttl(east, A, "ttl_t", 2) == null && ttl(east, A, "ttl_t", 1) <= 5);
    Clusters.ddl(west, "CREATE TABLE " + B + ".ttl_t (k int PRIMARY KEY, v text)");
    Clusters.ddl(west, "CREATE TABLE " + B + ".ttl_d (k int PRIMARY KEY, v text) WITH default_time_to_live = 8");
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
      ReplayResult result = writer.replayFailedWrites();
      return result.isComplete() && result.remaining() == 0;
    });

    Integer explicitOnA = ttl(east, A, "ttl_t", 1);
    Integer defaultOnA = ttl(east, A, "ttl_d", 1);
    assertThat(ttl(west, B, "ttl_t", 1)).as("replayed USING TTL").isNotNull().isLessThanOrEqualTo(explicitOnA);
    assertThat(ttl(west, B, "ttl_d", 1)).as("replayed table default TTL").isNotNull()
        .isLessThanOrEqualTo(defaultOnA);
    assertThat(ttl(west, B, "ttl_t", 2)).as("a row that expired before the replay stays expired").isNull();

    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
        .until(() -> ttl(east, A, "ttl_t", 1) == null && ttl(east, A, "ttl_d", 1) == null);
    await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(100))
        .until(() -> ttl(west, B, "ttl_t", 1) == null && ttl(west, B, "ttl_d", 1) == null);
  }

  @Test
  void aCounterUpdateThatMissesATargetIsReportedAndNeverRecorded() {
    PreparedStatement add = writer.prepare("UPDATE counts SET n = n + ? WHERE k = ?");
    for (var update : java.util.List.of(
        SimpleStatement.newInstance("UPDATE counts SET n = n + 1 WHERE k = 1"), add.bind(2L, 1))) {
      assertThatThrownBy(() -> writer.write(update))
          .isInstanceOfSatisfying(DualWriteException.class, e -> {
            assertThat(e.recordedFor()).isEmpty();
            assertThat(e.failures()).containsOnlyKeys("b");
          })
          .hasMessageContaining("counter");
    }
    assertThat(writer.failedWrites().size()).isZero();
    assertThat(east.execute("SELECT n FROM " + A + ".counts WHERE k = 1").one().getLong(0)).isEqualTo(3L);
  }

  @Test
  void theReplayCommandAppliesWhatTheApplicationRecordedAndIsIdempotent(RegionSandbox sandbox) {
    writer.write(SimpleStatement.newInstance("INSERT INTO cli_t (k, v) VALUES (1, 'missed')"));
    writer.write(SimpleStatement.newInstance("INSERT INTO cli_t (k, v) VALUES (2, 'missed too')"));
    assertThat(writer.failedWrites().sizeByTarget()).containsEntry("b", 2L);
    writer.close(); // the application stops; an operator replays
    Clusters.ddl(west, "CREATE TABLE " + B + ".cli_t (k int PRIMARY KEY, v text)");
    var node = Clusters.node(sandbox, Clusters.WEST).contactPoint();
    String[] args = {"replay", "--log", logDir.toString(), "--target", "b",
        "--contact-point", node.getHostString() + ":" + node.getPort(), "--dc", Clusters.WEST};

    java.io.StringWriter out = new java.io.StringWriter();
    var cli = dev.activeactive.dualwrite.internal.cli.DualWriteCli.commandLine();
    cli.setOut(new java.io.PrintWriter(out));
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
        .until(() -> cli.execute(args) == 0); // the new table may take a moment to reach every node
    assertThat(west.execute("SELECT v FROM " + B + ".cli_t WHERE k = 1").one().getString(0)).isEqualTo("missed");
    assertThat(west.execute("SELECT v FROM " + B + ".cli_t WHERE k = 2").one().getString(0))
        .isEqualTo("missed too");

    StringWriter again = new StringWriter();
    cli.setOut(new java.io.PrintWriter(again));
    assertThat(cli.execute(args)).isZero();
    assertThat(again.toString()).contains("0 applied, 0 remaining");
  }
}
