package dev.activeactive.dualwrite.it;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.activeactive.dualwrite.api.SafeSession;
import dev.activeactive.dualwrite.api.SafeSessionBuilder;
import dev.activeactive.sandbox.api.CassandraEndpoint;
import dev.activeactive.sandbox.api.RegionSandbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Sessions and schema on the sandbox's two-datacenter Cassandra, shared by the integration tests. */
public final class Clusters {
  public static final String EAST = "us-east-1";
  public static final String WEST = "us-west-2";

  private Clusters() {}

  public static CassandraEndpoint node(RegionSandbox sandbox, String region) {
    return sandbox.region(region).cassandraNode().orElseThrow(() -> new IllegalStateException(
        "Cassandra does not run in " + region + "; annotate the test with components = CASSANDRA"));
  }

  /** A safe-default session whose local datacenter is the region's. */
  public static CqlSession session(RegionSandbox sandbox, String region) {
    return session(sandbox, region, b -> {});
  }

  public static CqlSession session(RegionSandbox sandbox, String region, Consumer<SafeSessionBuilder> extra) {
    CassandraEndpoint node = node(sandbox, region);
    SafeSessionBuilder builder = SafeSession.builder()
        .addContactPoint(node.contactPoint())
        .localDatacenter(node.datacenter())
        // a stopped node must fail requests quickly, and the sandbox's nodes are slow to answer DDL
        .configure(c -> c
            .withDuration(com.datastax.oss.driver.api.core.config.DefaultDriverOption.REQUEST_TIMEOUT,
                Duration.ofSeconds(10))
            .withBoolean(com.datastax.oss.driver.api.core.config.DefaultDriverOption.RECONNECT_ON_INIT, false)
            .withDuration(com.datastax.oss.driver.api.core.config.DefaultDriverOption.RECONNECTION_BASE_DELAY,
                Duration.ofMillis(200))
            .withDuration(com.datastax.oss.driver.api.core.config.DefaultDriverOption.RECONNECTION_MAX_DELAY,
                Duration.ofSeconds(1)));
    extra.accept(builder);
    return builder.build();
  }

  /** Creates a keyspace replicated once in each region, replacing any leftover from an earlier run. */
  public static void createKeyspace(CqlSession session, String keyspace) {
    session.execute(SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + keyspace)
        .setTimeout(Duration.ofSeconds(60)));
    session.execute(SimpleStatement.newInstance("CREATE KEYSPACE " + keyspace + " WITH replication = "
        + "{'class': 'NetworkTopologyStrategy', '" + EAST + "': 1, '" + WEST + "': 1}")
        .setTimeout(Duration.ofSeconds(60)));
  }

  public static void ddl(CqlSession session, String cql) {
    session.execute(SimpleStatement.newInstance(cql).setTimeout(Duration.ofSeconds(60)));
  }

  /** Every row of a {@code (k int, c int, v text, n int)} table with the write times, sorted, as strings. */
  public static List<String> cells(CqlSession session, String keyspace, String table) {
    List<String> out = new ArrayList<>();
    for (Row row : session.execute("SELECT k, c, v, writetime(v), n, writetime(n) FROM " + keyspace + "." + table)) {
      out.add(row.getInt(0) + "/" + row.getInt(1) + " v=" + row.getString(2) + "@" + row.getObject(3)
          + " n=" + row.getObject(4) + "@" + row.getObject(5));
    }
    out.sort(null);
    return out;
  }
}
