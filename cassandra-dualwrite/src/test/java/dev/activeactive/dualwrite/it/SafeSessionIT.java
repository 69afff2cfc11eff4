package dev.activeactive.dualwrite.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DriverExecutionProfile;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.session.Request;
import com.datastax.oss.driver.api.core.tracker.RequestTracker;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.RegionSandboxTest;
import dev.activeactive.sandbox.api.SandboxComponent;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.slf4j.LoggerFactory;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The safe defaults reach the server, and stay in the local datacenter. */
@RegionSandboxTest(components = SandboxComponent.CASSANDRA)
class SafeSessionIT {
  private static final String KS = "safe_session_it";
  private static final Set<String> coordinatorDatacenters = ConcurrentHashMap.newKeySet();
  private static CqlSession east;
  private static CqlSession west;

  /** Remembers the datacenter of every node that coordinated a request of the east session. */
  private static final RequestTracker COORDINATORS = new RequestTracker() {
    @Override
    public void onNodeSuccess(Request request, long latencyNanos, DriverExecutionProfile profile, Node node,
        String logPrefix) {
      coordinatorDatacenters.add(node.getDatacenter());
    }

    @Override
    public void close() {}
  };

  @BeforeAll
  static void schema(RegionSandbox sandbox) {
    east = Clusters.session(sandbox, Clusters.EAST, b -> b.customizeSession(s -> s.addRequestTracker(COORDINATORS)));
    west = Clusters.session(sandbox, Clusters.WEST);
    Clusters.createKeyspace(east, KS);
    Clusters.ddl(east, "CREATE TABLE " + KS + ".t (k int PRIMARY KEY, v text)");
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

  private static String tracedParameter(ResultSet rs, String name) {
    return rs.getExecutionInfo().getQueryTrace().getParameters().get(name);
  }

  @Test
  void writesAndReadsRunAtLocalQuorumOnTheServer() {
    ResultSet write = east.execute(SimpleStatement.newInstance("INSERT INTO " + KS + ".t (k, v) VALUES (1, 'a')")
        .setTracing(true));
    ResultSet read = east.execute(SimpleStatement.newInstance("SELECT v FROM " + KS + ".t WHERE k = 1")
        .setTracing(true));

    assertThat(tracedParameter(write, "consistency_level")).isEqualTo("LOCAL_QUORUM");
    assertThat(tracedParameter(read, "consistency_level")).isEqualTo("LOCAL_QUORUM");
  }

  @Test
  void lightweightTransactionsUseLocalSerial() {
    ResultSet lwt = east.execute(SimpleStatement.newInstance(
        "INSERT INTO " + KS + ".t (k, v) VALUES (2, 'lwt') IF NOT EXISTS").setTracing(true));

    assertThat(lwt.wasApplied()).isTrue();
    assertThat(tracedParameter(lwt, "serial_consistency_level")).isEqualTo("LOCAL_SERIAL");
  }

  @Test
  void aStatementsOwnLevelIsKept() {
    ResultSet read = east.execute(SimpleStatement.newInstance("SELECT v FROM " + KS + ".t WHERE k = 1")
        .setConsistencyLevel(DefaultConsistencyLevel.LOCAL_ONE).setTracing(true));

    assertThat(tracedParameter(read, "consistency_level")).isEqualTo("LOCAL_ONE");
  }

  @Test
  void onlyLocalNodesCoordinate() {
    for (int i = 0; i < 20; i++) {
      east.execute(SimpleStatement.newInstance("SELECT v FROM " + KS + ".t WHERE k = ?", i));
    }
    assertThat(coordinatorDatacenters).containsExactly(Clusters.EAST);
  }

  @Test
  void theDriversOwnMetricsArePublishedToMicrometer(RegionSandbox sandbox) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (CqlSession measured = Clusters.session(sandbox, Clusters.EAST, b -> b.driverMetrics(registry))) {
      for (int i = 0; i < 10; i++) {
        measured.execute(SimpleStatement.newInstance("SELECT v FROM " + KS + ".t WHERE k = ?", i));
      }
      // the driver records a request's metrics just after completing its future: await the last one
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(measure(registry, "cassandra.driver.session.cql-requests", Statistic.COUNT))
              .isGreaterThanOrEqualTo(10));
      double total = measure(registry, "cassandra.driver.session.cql-requests", Statistic.TOTAL_TIME);
      assertThat(total).as("total time after 10 requests").isGreaterThan(0);

      for (int i = 0; i < 5; i++) {
        measured.execute(SimpleStatement.newInstance("SELECT v FROM " + KS + ".t WHERE k = ?", i));
      }
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(measure(registry, "cassandra.driver.session.cql-requests", Statistic.COUNT))
              .isGreaterThanOrEqualTo(15));
      // monotonic, as Prometheus rate() needs: 5 more requests add their time
      assertThat(measure(registry, "cassandra.driver.session.cql-requests", Statistic.TOTAL_TIME))
          .isGreaterThan(total);
      assertThat(registry.get("cassandra.driver.session.connected-nodes").gauge().value()).isGreaterThanOrEqualTo(1);
      assertThat(registry.get("cassandra.driver.nodes.pool.open-connections").gauges())
          .anySatisfy(g -> assertThat(g.value()).isGreaterThanOrEqualTo(1));
    }
  }

  private static double measure(SimpleMeterRegistry registry, String name, Statistic statistic) {
    double sum = 0;
    for (Meter meter : registry.find(name).meters()) {
      for (Measurement m : meter.measure()) {
        if (m.getStatistic() == statistic) {
          sum += m.getValue();
        }
      }
    }
    return sum;
  }

  @Test
  void aWrongLocalDatacenterFailsTheBuildNamingTheClustersDatacenters(RegionSandbox sandbox) {
    assertThatThrownBy(() -> Clusters.session(sandbox, Clusters.EAST, b -> b.localDatacenter("us-east1")).close())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'us-east1'")
        .hasMessageContaining(Clusters.EAST)
        .hasMessageContaining(Clusters.WEST);
  }

  @Test
  void aServerWarningIsLoggedWithoutTheStatementsValues(RegionSandbox sandbox) {
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    captured.start();
    root.addAppender(captured);
    try (CqlSession session = Clusters.session(sandbox, Clusters.EAST)) {
      // an aggregation without a partition key makes Cassandra answer with a warning
      session.execute(SimpleStatement.newInstance(
          "SELECT count(*) FROM " + KS + ".t WHERE v = ? ALLOW FILTERING", "alice-secret-42"));
      await().atMost(Duration.ofSeconds(10)).until(() -> List.copyOf(captured.list).stream()
          .anyMatch(e -> e.getFormattedMessage().contains("Aggregation query used without partition key")));
      assertThat(List.copyOf(captured.list)).noneMatch(e -> e.getFormattedMessage().contains("alice-secret-42"));
    } finally {
      root.detachAppender(captured);
    }
  }

  @Test
  void aLocalQuorumWriteInOneDatacenterIsReadAtLocalOneInTheOther() {
    east.execute(SimpleStatement.newInstance("INSERT INTO " + KS + ".t (k, v) VALUES (100, 'from-east')"));

    // replication between datacenters is asynchronous: wait for it, with a deadline
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
        assertThat(west.execute(SimpleStatement.newInstance("SELECT v FROM " + KS + ".t WHERE k = 100")
                .setConsistencyLevel(DefaultConsistencyLevel.LOCAL_ONE)).one())
            .isNotNull()
            .extracting(r -> r.getString("v")).isEqualTo("from-east"));
  }
}
