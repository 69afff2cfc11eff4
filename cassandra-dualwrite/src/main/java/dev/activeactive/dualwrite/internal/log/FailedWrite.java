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
 * @param nowInSeconds the server's "now" of the original write, in seconds since the epoch (the statement's own
 *     {@code nowInSeconds} or when the write was sent): the replay sends it again, so that a TTL (from
 *     {@code USING TTL} or the table's default) counts from the original write and the replayed cells expire
 *     when the originals do
 */
public record FailedWrite(
    String target,
    String keyspace,
    long writeTimestamp,
    String consistency,
    String batchType,
    List<RecordedStatement> statements,
    long recordedAtMillis,
    int nowInSeconds) {

  /** A record of format version 1, which did not keep the write's "now": the recording time stands in. */
  public FailedWrite(String target, String keyspace, long writeTimestamp, String consistency, String batchType,
      List<RecordedStatement> statements, long recordedAtMillis) {
    this(target, keyspace, writeTimestamp, consistency, batchType, statements, recordedAtMillis,
        (int) (recordedAtMillis / 1000));
  }

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
