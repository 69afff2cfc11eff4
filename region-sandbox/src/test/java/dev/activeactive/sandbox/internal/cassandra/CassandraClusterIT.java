package dev.activeactive.sandbox.internal.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.activeactive.sandbox.api.PartitionMode;
import dev.activeactive.sandbox.api.WanProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two-datacenter cluster, its datacenters the default WAN profile apart, behaves like a real one:
 * replication across datacenters no sooner than the WAN allows, a node that keeps its data across a restart,
 * hints replayed to a node that was down, a frozen node that comes back, and a split brain that loses nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CassandraClusterIT {
  private static final String EAST = "us-east-1";
  private static final String WEST = "us-west-2";
  private static final WanProfile WAN = WanProfile.DEFAULT;
  /** Generous: the 2-core CI machine runs other builds at the same time. */
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration REPLICATION_DEADLINE = Duration.ofSeconds(30);
  /** Hints are replayed once the coordinator sees the node UP and its dispatcher runs (every 10 s). */
  private static final Duration HINT_DEADLINE = Duration.ofSeconds(90);

  private CassandraCluster cluster;
  private CqlSession east;
  private CqlSession west;
  private final List<Long> pids = new java.util.ArrayList<>();

  @BeforeAll
  void startCluster(@TempDir Path workDir) {
    long started = System.nanoTime();
    cluster = CassandraCluster.start(List.of(
        new CassandraNodeSpec(EAST, "us-east-1a", "127.0.0.1"),
        new CassandraNodeSpec(WEST, "us-west-2a", "127.0.0.2")), workDir, START_TIMEOUT, WAN);
    System.out.printf("two-datacenter cluster ready in %d ms%n", (System.nanoTime() - started) / 1_000_000);
    cluster.datacenters().forEach(dc -> pids.add(cluster.pid(dc).orElseThrow()));
    east = session(EAST);
    west = session(WEST);
  }

  @AfterAll
  void stopCluster() {
    for (CqlSession session : new CqlSession[] {east, west}) {
      if (session != null) {
        session.close();
      }
    }
    if (cluster != null) {
      cluster.close();
      for (long pid : pids) {
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
            "node JVM " + pid + " still running after close()");
      }
    }
  }

  @Test
  @Order(1)
  void everyDatacenterHasOneNodeThatSeesTheOther() {
    assertEquals(List.of(EAST, WEST), cluster.datacenters());
    assertTrue(cluster.isNodeUp(EAST));
    assertTrue(cluster.isNodeUp(WEST));
    assertEquals(EAST, east.execute("SELECT data_center FROM system.local").one().getString("data_center"));
    assertEquals(WEST, west.execute("SELECT data_center FROM system.local").one().getString("data_center"));
    Set<String> peersOfEast = east.execute("SELECT data_center FROM system.peers_v2").all().stream()
        .map(row -> row.getString("data_center")).collect(Collectors.toSet());
    assertEquals(Set.of(WEST), peersOfEast);
    assertEquals("us-west-2a", west.execute("SELECT rack FROM system.local").one().getString("rack"));
  }

  @Test
  @Order(2)
  void writeInOneDatacenterIsReadLocallyInTheOther() {
    east.execute(SimpleStatement.newInstance(
        "CREATE KEYSPACE IF NOT EXISTS drill WITH replication ="
            + " {'class': 'NetworkTopologyStrategy', 'us-east-1': 1, 'us-west-2': 1}"));
    east.execute("CREATE TABLE IF NOT EXISTS drill.kv (k text PRIMARY KEY, v text)");
    awaitTrue("west to learn the new table", REPLICATION_DEADLINE,
        () -> west.getMetadata().getKeyspace("drill").flatMap(ks -> ks.getTable("kv")).isPresent());

    write(east, "before-restart", "from-east");

    awaitValue(west, "before-restart", "from-east", REPLICATION_DEADLINE);
  }

  @Test
  @Order(3)
  void stoppedNodeKeepsItsDataAndReceivesWhatItMissed() {
    long oldPid = cluster.pid(WEST).orElseThrow();
    cluster.stopNode(WEST);
    assertFalse(cluster.isNodeUp(WEST));
    assertEquals(Optional.empty(), cluster.pid(WEST));
    assertFalse(ProcessHandle.of(oldPid).map(ProcessHandle::isAlive).orElse(false));

    // LOCAL_QUORUM needs only the local datacenter: the east keeps taking writes, and keeps a hint
    write(east, "during-outage", "hinted");

    cluster.startNode(WEST);
    assertTrue(cluster.isNodeUp(WEST));
    pids.add(cluster.pid(WEST).orElseThrow());

    awaitValue(west, "before-restart", "from-east", REPLICATION_DEADLINE);
    awaitValue(west, "during-outage", "hinted", HINT_DEADLINE);
  }

  @Test
  @Order(4)
  void pausedNodeAnswersNothingAndCatchesUpWhenResumed() {
    long pid = cluster.pid(WEST).orElseThrow();
    cluster.pauseNode(WEST);
    try {
      assertFalse(cluster.isNodeUp(WEST), "a frozen JVM must not count as up");
      assertEquals(Optional.of(pid), cluster.pid(WEST), "pausing must not end the process");
      write(east, "during-pause", "sent-while-frozen");
    } finally {
      cluster.resumeNode(WEST);
    }
    assertTrue(cluster.isNodeUp(WEST));
    awaitValue(west, "during-pause", "sent-while-frozen", HINT_DEADLINE);
  }

  @Test
  @Order(5)
  void latencyDelaysTrafficBetweenDatacentersOnly() {
    Duration latency = Duration.ofMillis(250);
    cluster.setInterDatacenterLatency(latency);
    try {
      // EACH_QUORUM waits for the other datacenter's ack: one delayed trip there and one back
      long crossing = fastestOf(3, () -> write(east, "each-quorum", "slow", ConsistencyLevel.EACH_QUORUM));
      assertTrue(crossing >= 2 * latency.toMillis(), "EACH_QUORUM write took only " + crossing + " ms");
      // a client's own datacenter is not delayed: drivers reach their node directly, not through its path
      long local = fastestOf(3, () -> write(west, "local-quorum", "fast", ConsistencyLevel.LOCAL_QUORUM));
      assertTrue(local < latency.toMillis(), "LOCAL_QUORUM write in the west took " + local + " ms");
    } finally {
      cluster.setWan(WAN);
    }
    long restored = fastestOf(3, () -> write(east, "each-quorum", "fast-again", ConsistencyLevel.EACH_QUORUM));
    assertTrue(restored >= WAN.roundTrip().toMillis() && restored < 2 * latency.toMillis(),
        "EACH_QUORUM write at " + WAN.name() + " took " + restored + " ms");
  }

  /**
   * A LOCAL_QUORUM write in the east is acknowledged by the east alone; the west's replica gets it one one-way
   * delay later, never sooner: every read in the west that saw it completed at least that long after the write
   * began, and reads before then saw nothing.
   */
  @Test
  @Order(6)
  void aWriteBecomesVisibleInTheOtherDatacenterNoSoonerThanTheOneWayDelay() {
    long oneWay = WAN.oneWayDelay().toNanos();
    int readsBeforeVisible = 0;
    for (int i = 0; i < 20; i++) {
      String key = "visibility-" + i;
      long start = System.nanoTime();
      write(east, key, "v");
      long deadline = start + REPLICATION_DEADLINE.toNanos();
      while (true) {
        boolean seen = read(west, key) != null;
        long completed = System.nanoTime();
        if (seen) {
          assertTrue(completed - start >= oneWay, key + " visible in the west after only "
              + (completed - start) / 1_000_000 + " ms, below the one-way delay of " + WAN.oneWayDelay());
          break;
        }
        readsBeforeVisible++;
        assertTrue(completed < deadline, key + " not visible in the west within " + REPLICATION_DEADLINE);
      }
    }
    assertTrue(readsBeforeVisible >= 20, "each write should first be read as absent; absent reads: "
        + readsBeforeVisible);
  }

  /**
   * Netflix's split brain, between the datacenters: under a blackhole each side keeps taking LOCAL_QUORUM writes
   * and serving its own, sees none of the other's; after heal every write arrives on both sides.
   */
  @Test
  @Order(7)
  void aPartitionBetweenDatacentersHidesWritesUntilHealAndLosesNone() {
    cluster.partitionDatacenters(PartitionMode.BLACKHOLE);
    int rows = 30;
    try {
      for (int i = 0; i < rows; i++) {
        write(east, "split-east-" + i, "e");
        write(west, "split-west-" + i, "w");
      }
      for (int i = 0; i < rows; i++) {
        assertEquals("e", read(east, "split-east-" + i), "east serves its own writes during the partition");
        assertEquals("w", read(west, "split-west-" + i), "west serves its own writes during the partition");
      }
      // past the write timeout the coordinators have given up on the other side and written hints
      long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      while (System.nanoTime() < until) {
        for (int i = 0; i < rows; i++) {
          assertEquals(null, read(west, "split-east-" + i), "an east write crossed a blackholed path");
          assertEquals(null, read(east, "split-west-" + i), "a west write crossed a blackholed path");
        }
      }
    } finally {
      cluster.healDatacenters();
    }
    long healed = System.nanoTime();
    for (int i = 0; i < rows; i++) {
      awaitValue(west, "split-east-" + i, "e", HINT_DEADLINE);
      awaitValue(east, "split-west-" + i, "w", HINT_DEADLINE);
    }
    System.out.printf("split brain healed: all %d writes on both sides %d ms after heal (%s)%n", 2 * rows,
        (System.nanoTime() - healed) / 1_000_000, WAN.describe());
  }

  private static long fastestOf(int runs, Runnable action) {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      action.run();
      best = Math.min(best, (System.nanoTime() - start) / 1_000_000);
    }
    return best;
  }

  private static void write(CqlSession session, String key, String value) {
    write(session, key, value, ConsistencyLevel.LOCAL_QUORUM);
  }

  private static void write(CqlSession session, String key, String value, ConsistencyLevel consistency) {
    session.execute(SimpleStatement.newInstance("INSERT INTO drill.kv (k, v) VALUES (?, ?)", key, value)
        .setConsistencyLevel(consistency));
  }

  /** The value at LOCAL_ONE, or null when absent. */
  private static String read(CqlSession session, String key) {
    Row row = session.execute(SimpleStatement.newInstance("SELECT v FROM drill.kv WHERE k = ?", key)
        .setConsistencyLevel(ConsistencyLevel.LOCAL_ONE)).one();
    return row == null ? null : row.getString("v");
  }

  /** Reads at LOCAL_ONE until the value shows, failing at the deadline; errors while a node returns are retried. */
  private static void awaitValue(CqlSession session, String key, String expected, Duration deadline) {
    awaitTrue(key + "=" + expected + " readable at LOCAL_ONE", deadline, () -> {
      try {
        Row row = session.execute(SimpleStatement.newInstance("SELECT v FROM drill.kv WHERE k = ?", key)
            .setConsistencyLevel(ConsistencyLevel.LOCAL_ONE)).one();
        return row != null && expected.equals(row.getString("v"));
      } catch (RuntimeException e) {
        return false;
      }
    });
  }

  private static void awaitTrue(String what, Duration deadline, BooleanSupplier condition) {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + deadline.toSeconds() + " s: " + what);
      }
      try {
        Thread.sleep(100); // poll interval of the await, not a wait for an outcome
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while awaiting " + what, e);
      }
    }
  }

  private CqlSession session(String datacenter) {
    DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(20))
        .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(30))
        // reconnect quickly to a node that was stopped or frozen, so the awaits measure Cassandra
        .withDuration(DefaultDriverOption.RECONNECTION_BASE_DELAY, Duration.ofMillis(200))
        .withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, Duration.ofSeconds(1))
        .build();
    return CqlSession.builder()
        .addContactPoint(cluster.nativeAddress(datacenter))
        .withLocalDatacenter(datacenter)
        .withConfigLoader(config)
        .build();
  }
}
