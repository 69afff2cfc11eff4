package dev.activeactive.dualwrite.api;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import java.util.Objects;

/**
 * One place a {@link DualWriter} writes to: a keyspace reached through a session. The two targets of a writer
 * may share one session (two keyspaces of one cluster) or use two sessions (two clusters, or two datacenters
 * each reached locally).
 *
 * <p>The name identifies the target in metrics, logs and the failed-write log, so it must stay the same across
 * restarts of the application for the log to be replayed to the right place. Immutable.
 */
public final class Target {
  private final String name;
  private final CqlSession session;
  private final CqlIdentifier keyspace;

  private Target(String name, CqlSession session, CqlIdentifier keyspace) {
    this.name = name;
    this.session = session;
    this.keyspace = keyspace;
  }

  /**
   * A target.
   *
   * @param name a short stable name, for example {@code "islands"} or {@code "merged"}: letters, digits,
   *     {@code -} and {@code _}
   * @param session the session that reaches the keyspace; the writer never closes it
   * @param keyspace the keyspace statements are sent to, as CQL (case-insensitive unless double-quoted)
   */
  public static Target of(String name, CqlSession session, String keyspace) {
    Objects.requireNonNull(name, "name");
    if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new IllegalArgumentException("Target name '" + name
          + "' must be 1 to 64 letters, digits, '-' or '_' (it is used in metric tags and file records)");
    }
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(keyspace, "keyspace");
    return new Target(name, session, CqlIdentifier.fromCql(keyspace));
  }

  /** The target's stable name. */
  public String name() {
    return name;
  }

  /** The session that reaches this target. */
  public CqlSession session() {
    return session;
  }

  /** The keyspace statements are sent to. */
  public CqlIdentifier keyspace() {
    return keyspace;
  }

  @Override
  public String toString() {
    return name + "(" + keyspace.asCql(true) + " via " + session.getName() + ")";
  }
}
