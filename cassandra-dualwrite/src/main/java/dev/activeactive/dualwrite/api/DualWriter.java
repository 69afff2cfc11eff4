package dev.activeactive.dualwrite.api;

import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Statement;
import java.util.concurrent.CompletionStage;

/**
 * Writes every statement to a primary and a secondary {@link Target} in parallel, with the same client-side
 * write timestamp on both, and reads from the primary. Build one with {@link DualWrite#builder()}.
 *
 * <h2>Statements</h2>
 *
 * Users run plain driver statements written with <em>unqualified</em> table names ({@code INSERT INTO users
 * ...}, never {@code INSERT INTO ks.users ...}); the writer sends each to the target's keyspace:
 *
 * <ul>
 *   <li>a {@code SimpleStatement} gets the target keyspace as its per-request keyspace (native protocol v5,
 *       Cassandra 4.0 and later), or none when the target's session is already bound to that keyspace;
 *   <li>a {@code BoundStatement} is re-bound, value bytes unchanged, to the same query prepared once per
 *       target in that target's keyspace (the writer caches these);
 *   <li>a {@code BatchStatement} is rebuilt from its children by the two rules above.
 * </ul>
 *
 * A statement whose CQL names a keyspace fails with an {@link IllegalArgumentException} before anything is
 * sent, when the writer can tell (prepared statements with bound variables).
 *
 * <h2>Timestamps</h2>
 *
 * A statement without a timestamp gets one from the writer's clock ({@code setQueryTimestamp}); one that has
 * a timestamp keeps it. Both targets receive the same value, so the last write wins the same way on both and
 * they converge. Do not use {@code USING TIMESTAMP} inside the CQL unless it is the same for both.
 *
 * <h2>Not supported</h2>
 *
 * Conditional writes (lightweight transactions) cannot carry a client timestamp and cannot be decided
 * atomically across two targets: run them on one target's session. Counter updates are not idempotent: one
 * that reaches only one target is never recorded for a replay, and the caller gets a {@link DualWriteException}
 * with an empty {@link DualWriteException#recordedFor()}, in every mode. List appends are not idempotent
 * either, so a replay could apply them twice.
 *
 * <p>Thread-safe. Closing the writer closes its failed-write log but not the targets' sessions.
 */
public interface DualWriter extends AutoCloseable {

  /**
   * Prepares a query written with unqualified table names in the current primary's keyspace, for binding
   * values and passing the result to {@link #writeAsync} or {@link #readAsync}. The writer prepares it for
   * the other target itself when needed. Cached: preparing the same query again is cheap.
   */
  CompletionStage<PreparedStatement> prepareAsync(String query);

  /** Synchronous {@link #prepareAsync}. */
  PreparedStatement prepare(String query);

  /**
   * Sends a write according to the current mode.
   *
   * @return completes with the outcome once every target involved acknowledged the write or had it recorded in
   *     the failed-write log; fails with {@link DualWriteException} when the mode's rule says so (in
   *     {@link WriteMode#PRIMARY_ONLY}, with the driver's own exception)
   */
  CompletionStage<WriteResult> writeAsync(Statement<?> statement);

  /** Synchronous {@link #writeAsync}; throws what the future would fail with. */
  WriteResult write(Statement<?> statement);

  /**
   * Reads from the primary target. When shadow reads are on, a sample of reads also runs on the secondary in
   * the background; their first pages are compared row by row and differences are counted in the metrics.
   * Shadow reads never change what the caller gets, nor its latency beyond buffering the first page.
   */
  CompletionStage<AsyncResultSet> readAsync(Statement<?> statement);

  /** Synchronous {@link #readAsync}, returning the driver's paging {@link ResultSet}. */
  ResultSet read(Statement<?> statement);

  /** The current mode. */
  WriteMode mode();

  /** Switches the mode for writes that start from now on; writes in flight finish in their old mode. */
  void mode(WriteMode mode);

  /** The current primary target. */
  Target primary();

  /** The current secondary target. */
  Target secondary();

  /**
   * Exchanges primary and secondary atomically for writes and reads that start from now on. The mode is
   * kept.
   */
  void swap();

  /** The failed-write log. */
  FailedWriteLog failedWrites();

  /**
   * Applies the writes in the failed-write log to their targets, oldest first, each with its original write
   * timestamp (so a replay never overwrites newer data), removing each once applied. Stops at the first write
   * that fails, keeping it and all later ones for the next pass. Only one pass runs at a time; a call while one
   * runs joins it.
   */
  CompletionStage<ReplayResult> replayFailedWritesAsync();

  /** Synchronous {@link #replayFailedWritesAsync()}. */
  ReplayResult replayFailedWrites();

  /**
   * Refuses further writes and replays (they fail with {@link IllegalStateException}), waits up to 30 s for
   * writes in flight to settle, so the failed half of a split write is still recorded, then closes the
   * failed-write log. The targets' sessions stay open. Calling it again does nothing.
   */
  @Override
  void close();
}
