package dev.activeactive.examples.boot;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The history table in this region's datacenter, through the starter's safe session (LOCAL_QUORUM, never
 * coordinated by another datacenter). Creates the keyspace (one replica per region) and table if missing. Writes
 * carry the service's timestamp, which is also the version of the cache entry.
 */
@Component
public class HistoryStore {

  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,47}");
  /** DDL waits for schema agreement between the datacenters, seconds on a busy machine. */
  private static final Duration DDL_TIMEOUT = Duration.ofSeconds(60);

  private final CqlSession session;
  private final PreparedStatement insert;
  private final PreparedStatement select;

  public HistoryStore(CqlSession session, @Value("${sample.keyspace:history}") String keyspace,
      @Value("${sample.regions}") List<String> regions) {
    if (!NAME.matcher(keyspace).matches()) {
      throw new IllegalArgumentException("sample.keyspace must be a plain CQL name, was '" + keyspace + "'");
    }
    this.session = session;
    String replicas = regions.stream().map(r -> "'" + r + "': 1").collect(Collectors.joining(", "));
    ddl("CREATE KEYSPACE IF NOT EXISTS " + keyspace
        + " WITH replication = {'class': 'NetworkTopologyStrategy', " + replicas + "}");
    ddl("CREATE TABLE IF NOT EXISTS " + keyspace + ".history (user_id text, title_id text,"
        + " position_seconds bigint, written_in text, PRIMARY KEY ((user_id), title_id))");
    insert = session.prepare("INSERT INTO " + keyspace + ".history (user_id, title_id, position_seconds,"
        + " written_in) VALUES (?, ?, ?, ?) USING TIMESTAMP ?");
    select = session.prepare("SELECT position_seconds, written_in, WRITETIME(position_seconds) FROM " + keyspace
        + ".history WHERE user_id = ? AND title_id = ?");
  }

  void insert(String user, String title, Position position, long writeTimeMicros) {
    session.execute(insert.bind(user, title, position.seconds(), position.writtenIn(), writeTimeMicros)
        .setIdempotent(true));
  }

  /** The row and its write time, as this region's datacenter has it. */
  Optional<Stored> find(String user, String title) {
    Row row = session.execute(select.bind(user, title)).one();
    return Optional.ofNullable(row).map(r -> new Stored(new Position(r.getLong(0), r.getString(1)), r.getLong(2)));
  }

  private void ddl(String cql) {
    session.execute(SimpleStatement.newInstance(cql).setTimeout(DDL_TIMEOUT));
  }

  record Stored(Position position, long writeTimeMicros) {}
}
