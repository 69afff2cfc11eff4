package dev.activeactive.dualwrite.internal.log;

import java.util.List;
import java.util.Objects;

/**
 * A whole write a target missed, as kept in the failed-write log.
 *
 * @param target the name of the target that missed it
 * @param keyspace the keyspace to apply it in, as CQL
 * @param writeTimestamp the write timestamp in microseconds; the replay reuses it so it never overwrites a
 *     newer write
 * @param consistency the consistency level the statement asked for, or null for the session's default
 * @param batchType LOGGED, UNLOGGED, or null when the write is a single statement
 * @param statements one statement, or the children of a batch
 * @param recordedAtMillis when the write was recorded, for operators
 */
public record FailedWrite(
    String target,
    String keyspace,
    long writeTimestamp,
    String consistency,
    String batchType,
    List<RecordedStatement> statements,
    long recordedAtMillis) {

  public FailedWrite {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(keyspace, "keyspace");
    statements = List.copyOf(statements);
    if (statements.isEmpty()) {
      throw new IllegalArgumentException("a failed write needs at least one statement");
    }
    if (batchType == null && statements.size() != 1) {
      throw new IllegalArgumentException("a write of several statements must name its batch type");
    }
  }
}
