package dev.activeactive.dualwrite.internal.write;

import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Statement;
import dev.activeactive.dualwrite.api.DualWriter;
import dev.activeactive.dualwrite.api.FailedWriteLog;
import dev.activeactive.dualwrite.api.ReplayResult;
import dev.activeactive.dualwrite.api.Target;
import dev.activeactive.dualwrite.api.WriteMode;
import dev.activeactive.dualwrite.api.WriteResult;
import dev.activeactive.dualwrite.internal.metrics.DualWriteListener;
import dev.activeactive.dualwrite.internal.metrics.LoggingListener;
import dev.activeactive.dualwrite.internal.metrics.MicrometerDualWriteMetrics;
import dev.activeactive.dualwrite.internal.metrics.Operation;
import dev.activeactive.dualwrite.internal.session.SafeSessionFactory;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * A writer for a service that is not migrating: one target, the writer's timestamps, keyspace handling and
 * metrics, and no secondary, failed-write log or replay. Its mode is {@link WriteMode#PRIMARY_ONLY} for good.
 */
public final class SingleTargetWriter implements DualWriter {
  private final String name;
  private final Target target;
  private final LongSupplier timestamps;
  private final StatementRetargeter retargeter = new StatementRetargeter();
  private final DualWriteListener listener;
  private final TargetRequests requests;
  private final WriterLifecycle lifecycle = new WriterLifecycle();

  private SingleTargetWriter(WriterConfig config) {
    this.name = config.name();
    this.target = config.primary();
    this.timestamps = config.timestampSource() != null ? config.timestampSource() : new MonotonicMicrosClock();
    this.listener = config.meterRegistry() == null
        ? DualWriteListener.of(new LoggingListener(name))
        : DualWriteListener.of(new LoggingListener(name),
            new MicrometerDualWriteMetrics(config.meterRegistry(), name, null, List.of(target)));
    this.requests = new TargetRequests(retargeter, listener);
  }

  public static DualWriter open(WriterConfig config) {
    return new SingleTargetWriter(config);
  }

  @Override
  public CompletionStage<WriteResult> writeAsync(Statement<?> statement) {
    Objects.requireNonNull(statement, "statement");
    if (!lifecycle.enter()) {
      return CompletableFuture.failedFuture(new IllegalStateException("Cannot write: the writer " + name
          + " is closed"));
    }
    try {
      long timestamp = statement.getQueryTimestamp() != Statement.NO_DEFAULT_TIMESTAMP
          ? statement.getQueryTimestamp()
          : timestamps.getAsLong();
      return requests.execute(statement.setQueryTimestamp(timestamp), target, Operation.WRITE)
          .thenApply(rs -> new WriteResult(timestamp, WriteMode.PRIMARY_ONLY, List.of(target.name()), List.of()))
          .whenComplete((r, e) -> lifecycle.exit());
    } catch (RuntimeException e) {
      lifecycle.exit();
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public WriteResult write(Statement<?> statement) {
    return SafeSessionFactory.await(writeAsync(statement));
  }

  @Override
  public CompletionStage<AsyncResultSet> readAsync(Statement<?> statement) {
    return requests.execute(Objects.requireNonNull(statement, "statement"), target, Operation.READ);
  }

  @Override
  public ResultSet read(Statement<?> statement) {
    return requests.executeSync(Objects.requireNonNull(statement, "statement"), target);
  }

  @Override
  public CompletionStage<PreparedStatement> prepareAsync(String query) {
    return retargeter.prepare(Objects.requireNonNull(query, "query"), target);
  }

  @Override
  public PreparedStatement prepare(String query) {
    return SafeSessionFactory.await(prepareAsync(query));
  }

  @Override
  public WriteMode mode() {
    return WriteMode.PRIMARY_ONLY;
  }

  @Override
  public void mode(WriteMode mode) {
    if (Objects.requireNonNull(mode, "mode") != WriteMode.PRIMARY_ONLY) {
      throw noSecondary("switch to " + mode);
    }
  }

  @Override
  public Target primary() {
    return target;
  }

  @Override
  public Target secondary() {
    throw noSecondary("return a secondary");
  }

  @Override
  public void swap() {
    throw noSecondary("swap");
  }

  @Override
  public FailedWriteLog failedWrites() {
    throw noSecondary("return a failed-write log");
  }

  /** Nothing is ever recorded, so there is never anything to replay. */
  @Override
  public CompletionStage<ReplayResult> replayFailedWritesAsync() {
    return CompletableFuture.completedFuture(new ReplayResult(0, 0, Optional.empty()));
  }

  @Override
  public ReplayResult replayFailedWrites() {
    return SafeSessionFactory.await(replayFailedWritesAsync());
  }

  private IllegalStateException noSecondary(String what) {
    return new IllegalStateException("Cannot " + what + ": the writer " + name + " has a single target ("
        + target + "); to migrate, build a writer with secondary(..) and failedWriteLog(..)");
  }

  @Override
  public void close() {
    if (lifecycle.beginClose(DefaultDualWriter.CLOSE_WAIT_MILLIS)) {
      listener.onClose();
      lifecycle.closed();
    }
  }

  @Override
  public String toString() {
    return "DualWriter[" + name + ", single target " + target + "]";
  }
}
