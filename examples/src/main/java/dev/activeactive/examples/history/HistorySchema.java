package dev.activeactive.examples.history;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Creates the service's keyspace and table if they do not exist. The keyspace keeps one replica in every region's
 * datacenter (NetworkTopologyStrategy), so each region reads and writes its own copy at {@code LOCAL_QUORUM} and
 * Cassandra replicates between the regions by itself.
 */
public final class HistorySchema {

  /** DDL waits for schema agreement between the datacenters, which takes seconds on a busy machine. */
  private static final Duration DDL_TIMEOUT = Duration.ofSeconds(60);

  private static final Pattern KEYSPACE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,47}");

  private HistorySchema() {}

  /**
   * Returns {@code keyspace} if it is a CQL name that needs no quoting.
   *
   * @throws IllegalArgumentException otherwise
   */
  public static String requireKeyspace(String keyspace) {
    if (keyspace == null || !KEYSPACE.matcher(keyspace).matches()) {
      throw new IllegalArgumentException("a keyspace must be a letter and up to 47 letters, digits or '_', was '"
          + keyspace + "'");
    }
    return keyspace;
  }

  /**
   * Creates {@code keyspace} with one replica in each of {@code regions} (the datacenter names), and its
   * {@code history} table.
   */
  public static void create(CqlSession session, String keyspace, List<String> regions) {
    requireKeyspace(keyspace);
    String replicas = regions.stream().map(r -> "'" + r + "': 1").collect(Collectors.joining(", "));
    execute(session, "CREATE KEYSPACE IF NOT EXISTS " + keyspace
        + " WITH replication = {'class': 'NetworkTopologyStrategy', " + replicas + "}");
    // one partition per user, so a user's whole history is one local read; one row per title
    execute(session, "CREATE TABLE IF NOT EXISTS " + keyspace + ".history ("
        + "user_id text, title_id text, position_seconds bigint, written_in text, "
        + "PRIMARY KEY ((user_id), title_id))");
  }

  private static void execute(CqlSession session, String cql) {
    session.execute(SimpleStatement.newInstance(cql).setTimeout(DDL_TIMEOUT));
  }
}
