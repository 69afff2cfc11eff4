package dev.activeactive.examples.history;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The viewing history in Cassandra, through a session of the service's own region (a safe session: every request
 * at {@code LOCAL_QUORUM}, never coordinated by another datacenter).
 *
 * <p>Writes carry the service's own timestamp ({@code USING TIMESTAMP}) rather than the coordinator's, because
 * the same number is the version of the cache entry: a cache-aside load reports the row's {@code WRITETIME} and
 * the cache compares it with the version of the invalidation the write left behind.
 */
public final class HistoryStore {

  private final CqlSession session;
  private final PreparedStatement insert;
  private final PreparedStatement select;
  private final PreparedStatement selectUser;

  /** Prepares the statements on {@code keyspace}'s {@code history} table (see {@link HistorySchema}). */
  public HistoryStore(CqlSession session, String keyspace) {
    HistorySchema.requireKeyspace(keyspace);
    this.session = session;
    this.insert = session.prepare("INSERT INTO " + keyspace + ".history "
        + "(user_id, title_id, position_seconds, written_in) VALUES (?, ?, ?, ?) USING TIMESTAMP ?");
    String columns = "user_id, title_id, position_seconds, written_in, WRITETIME(position_seconds)";
    this.select = session.prepare("SELECT " + columns + " FROM " + keyspace + ".history "
        + "WHERE user_id = ? AND title_id = ?");
    this.selectUser = session.prepare("SELECT " + columns + " FROM " + keyspace + ".history WHERE user_id = ?");
  }

  /** Writes an entry with its own write time; the newest write time wins in every datacenter. */
  public void insert(HistoryEntry entry) {
    session.execute(insert.bind(entry.user(), entry.title(), entry.positionSeconds(), entry.writtenIn(),
        entry.writeTimeMicros()).setIdempotent(true));
  }

  /** The entry for a user and title, as this region's datacenter has it. */
  public Optional<HistoryEntry> find(String user, String title) {
    Row row = session.execute(select.bind(user, title)).one();
    return Optional.ofNullable(row).map(HistoryStore::entry);
  }

  /** Every entry of a user, ordered by title. */
  public List<HistoryEntry> list(String user) {
    List<HistoryEntry> entries = new ArrayList<>();
    for (Row row : session.execute(selectUser.bind(user))) {
      entries.add(entry(row));
    }
    return entries;
  }

  private static HistoryEntry entry(Row row) {
    return new HistoryEntry(row.getString(0), row.getString(1), row.getLong(2), row.getString(3), row.getLong(4));
  }
}
