package dev.activeactive.dualwrite.internal.write;

import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Statement;
import dev.activeactive.dualwrite.api.DualWriteException;
import dev.activeactive.dualwrite.api.DualWriter;
import dev.activeactive.dualwrite.api.FailedWriteLog;
import dev.activeactive.dualwrite.api.ReplayResult;
import dev.activeactive.dualwrite.api.Target;
import dev.activeactive.dualwrite.api.WriteMode;
import dev.activeactive.dualwrite.api.WriteResult;
import dev.activeactive.dualwrite.internal.log.FailedWrite;
import dev.activeactive.dualwrite.internal.log.Replayer;
import dev.activeactive.dualwrite.internal.log.SegmentedFailedWriteLog;
import dev.activeactive.dualwrite.internal.metrics.DualWriteListener;
import dev.activeactive.dualwrite.internal.metrics.LoggingListener;
import dev.activeactive.dualwrite.internal.metrics.MicrometerDualWriteMetrics;
import dev.activeactive.dualwrite.internal.metrics.Operation;
import dev.activeactive.dualwrite.internal.read.ShadowReader;
import dev.activeactive.dualwrite.internal.session.SafeSessionFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/** The {@link DualWriter}: routing, the per-mode rule, and wiring of the log, replayer and listeners. */
public final class DefaultDualWriter implements DualWriter {
  private final String name;
  private final AtomicReference<Routing> routing;
  private final SegmentedFailedWriteLog failedWrites;
  private final LongSupplier timestamps;
  private final StatementRetargeter retargeter = new StatementRetargeter();
  private final FailedWriteStatements failedWriteStatements = new FailedWriteStatements(retargeter);
  private final TargetRequests requests;
  private final DualWriteListener listener;
  private final ShadowReader shadowReader;
  /** File appends block on fsync, so they run here rather than on the driver's I/O threads. */
  private final ExecutorService logExecutor;
  private final ExecutorService replayExecutor;
  private final Replayer replayer;
  private final Map<String, Target> targetsByName;
  private final WriterLifecycle lifecycle = new WriterLifecycle();

  /** How long close waits for writes in flight (and their recordings) to settle. */
  static final long CLOSE_WAIT_MILLIS = 30_000;

  private DefaultDualWriter(WriterConfig config, SegmentedFailedWriteLog failedWrites) {
    this.name = config.name();
    this.routing = new AtomicReference<>(new Routing(config.mode(), config.primary(), config.secondary()));
    this.failedWrites = failedWrites;
    this.timestamps = config.timestampSource() != null ? config.timestampSource() : new MonotonicMicrosClock();
    this.targetsByName = Map.of(config.primary().name(), config.primary(),
        config.secondary().name(), config.secondary());
    this.listener = config.meterRegistry() == null
        ? DualWriteListener.of(new LoggingListener(name))
        : DualWriteListener.of(new LoggingListener(name), new MicrometerDualWriteMetrics(config.meterRegistry(),
            name, failedWrites, List.of(config.primary(), config.secondary())));
    this.requests = new TargetRequests(retargeter, listener);
    this.shadowReader = new ShadowReader(requests::execute, config.shadowReadRatio(), listener);
    this.logExecutor = Executors.newSingleThreadExecutor(daemon("dualwrite-" + name + "-failed-write-log"));
    this.replayExecutor = Executors.newSingleThreadExecutor(daemon("dualwrite-" + name + "-replay"));
    this.replayer = new Replayer(failedWrites, this::replayOne, WriterConfig.REPLAY_PARALLELISM, replayExecutor);
  }

  public static DualWriter open(WriterConfig config) {
    return new DefaultDualWriter(config, SegmentedFailedWriteLog.open(config.failedWriteLog()));
  }

  @Override
  public CompletionStage<WriteResult> writeAsync(Statement<?> statement) {
    Objects.requireNonNull(statement, "statement");
    if (!lifecycle.enter()) {
      return CompletableFuture.failedFuture(closedError("write"));
    }
    CompletionStage<WriteResult> result;
    try {
      result = startWrite(statement);
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    return result.whenComplete((r, e) -> lifecycle.exit());
  }

  private IllegalStateException closedError(String what) {
    return new IllegalStateException("Cannot " + what + ": the dual writer " + name + " is closed; open a new "
        + "writer (it takes over the failed-write log " + failedWrites.directory() + ")");
  }

  private CompletionStage<WriteResult> startWrite(Statement<?> statement) {
    long sentAtMillis = System.currentTimeMillis();
    Routing route = routing.get();
    long timestamp = statement.getQueryTimestamp() != Statement.NO_DEFAULT_TIMESTAMP
        ? statement.getQueryTimestamp()
        : timestamps.getAsLong();
    Statement<?> stamped = statement.setQueryTimestamp(timestamp);
    if (route.mode() == WriteMode.PRIMARY_ONLY) {
      return requests.execute(stamped, route.primary(), Operation.WRITE).thenApply(rs ->
          new WriteResult(timestamp, route.mode(), List.of(route.primary().name()), List.of()));
    }
    // Both targets' statements are built before either is sent, so a statement the writer cannot retarget
    // (a keyspace in its CQL) fails as a whole instead of reaching one target only.
    CompletableFuture<Statement<?>> forPrimary = retargeter.retarget(stamped, route.primary()).toCompletableFuture();
    CompletableFuture<Statement<?>> forSecondary =
        retargeter.retarget(stamped, route.secondary()).toCompletableFuture();
    return CompletableFuture.allOf(forPrimary, forSecondary)
        .handle((ignored, error) -> misuse(forPrimary, forSecondary))
        .thenCompose(misuse -> {
          if (misuse != null) {
            return CompletableFuture.failedFuture(misuse);
          }
          CompletableFuture<Void> primary = send(forPrimary, route.primary());
          CompletableFuture<Void> secondary = send(forSecondary, route.secondary());
          return CompletableFuture.allOf(primary, secondary)
              .handle((ignored, error) -> null)
              .thenCompose(ignored -> settle(stamped, timestamp, sentAtMillis, route, primary,
                  secondary));
        });
  }

  /** The retargeting error that is the caller's mistake, not a target's failure, if any. */
  private static Throwable misuse(CompletableFuture<Statement<?>> a, CompletableFuture<Statement<?>> b) {
    for (CompletableFuture<Statement<?>> f : List.of(a, b)) {
      Throwable error = failure(f);
      if (error instanceof IllegalArgumentException) {
        return error;
      }
    }
    return null;
  }

  private CompletableFuture<Void> send(CompletableFuture<Statement<?>> retargeted, Target target) {
    // a failed preparation (target down) is a failure of this target, like a failed write
    return retargeted.thenCompose(s -> requests.executeRetargeted(s, target, Operation.WRITE))
        .thenApply(rs -> (Void) null);
  }

  /** Applies the mode's rule once both targets answered, recording the failed half of a split outcome. */
  private CompletionStage<WriteResult> settle(Statement<?> statement, long timestamp, long sentAtMillis,
      Routing route,
      CompletableFuture<Void> primary, CompletableFuture<Void> secondary) {
    Throwable primaryError = failure(primary);
    Throwable secondaryError = failure(secondary);
    if (primaryError == null && secondaryError == null) {
      return CompletableFuture.completedFuture(new WriteResult(timestamp, route.mode(),
          List.of(route.primary().name(), route.secondary().name()), List.of()));
    }
    Map<String, Throwable> failures = new LinkedHashMap<>();
    if (primaryError != null) {
      failures.put(route.primary().name(), primaryError);
    }
    if (secondaryError != null) {
      failures.put(route.secondary().name(), secondaryError);
    }
    if (primaryError != null && secondaryError != null) {
      return CompletableFuture.failedFuture(new DualWriteException("The write failed on both targets "
          + failures.keySet() + " and was not recorded; retry it or treat it as failed", failures, List.of(),
          timestamp));
    }
    Target failed = primaryError != null ? route.primary() : route.secondary();
    Target succeeded = primaryError != null ? route.secondary() : route.primary();
    Throwable cause = primaryError != null ? primaryError : secondaryError;
    if (CounterWrites.isCounterUpdate(statement, route.primary(), route.secondary())) {
      return CompletableFuture.failedFuture(new DualWriteException("The counter update reached "
          + succeeded.name() + " but not " + failed.name() + " (" + cause + "). Counter updates are not "
          + "idempotent, so it was not recorded for a replay (a replay could count it twice): the counter on "
          + failed.name() + " now lacks this update; correct it there if it matters", failures, List.of(),
          timestamp));
    }
    return record(statement, failed, timestamp, sentAtMillis, cause).handle((recorded, logError) -> {
      if (logError != null) {
        throw new CompletionException(new DualWriteException("The write reached " + succeeded.name()
            + " but not " + failed.name() + " (" + cause + "), and recording it for a replay failed too ("
            + unwrap(logError).getMessage() + "). The targets now differ for this write: retry it, or run "
            + "verify with repair later", failures, List.of(), timestamp));
      }
      boolean callerFails = route.mode() == WriteMode.DUAL || failed == route.primary();
      if (callerFails) {
        throw new CompletionException(new DualWriteException("The write failed on " + failed.name() + " ("
            + cause + ") but reached " + succeeded.name() + "; it is recorded in the failed-write log and "
            + "a replay will apply it to " + failed.name() + " with the same timestamp, so retrying is safe "
            + "but not required", failures, List.of(failed.name()), timestamp));
      }
      return new WriteResult(timestamp, route.mode(), List.of(succeeded.name()), List.of(failed.name()));
    });
  }

  private CompletableFuture<Void> record(Statement<?> statement, Target target, long timestamp, long sentAtMillis,
      Throwable cause) {
    try {
      return CompletableFuture.runAsync(() -> {
        FailedWrite write = WriteRecorder.record(statement, target, timestamp, sentAtMillis,
            System.currentTimeMillis());
        failedWrites.append(write);
        listener.onDeferred(target, cause);
      }, logExecutor);
    } catch (RejectedExecutionException e) {
      // only when close gave up waiting for this write
      return CompletableFuture.failedFuture(new IllegalStateException("the writer was closed before the write "
          + "settled (close waits " + CLOSE_WAIT_MILLIS / 1000 + " s)", e));
    }
  }

  private CompletionStage<Void> replayOne(FailedWrite write) {
    Target target = targetsByName.get(write.target());
    if (target == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("The failed-write log holds a write for "
          + "target '" + write.target() + "', which this writer does not have (its targets are "
          + targetsByName.keySet() + "); open the log with a writer configured with that target"));
    }
    return failedWriteStatements.rebuild(write, target)
        .thenCompose(s -> requests.executeRetargeted(s, target, Operation.REPLAY))
        .thenAccept(rs -> listener.onReplayed(target.name()));
  }

  @Override
  public CompletionStage<PreparedStatement> prepareAsync(String query) {
    return retargeter.prepare(Objects.requireNonNull(query, "query"), routing.get().primary());
  }

  @Override
  public PreparedStatement prepare(String query) {
    return SafeSessionFactory.await(prepareAsync(query));
  }

  @Override
  public WriteResult write(Statement<?> statement) {
    return SafeSessionFactory.await(writeAsync(statement));
  }

  @Override
  public CompletionStage<AsyncResultSet> readAsync(Statement<?> statement) {
    Routing route = routing.get();
    return shadowReader.readAsync(statement, route.primary(), route.secondary());
  }

  @Override
  public ResultSet read(Statement<?> statement) {
    Routing route = routing.get();
    return shadowReader.read(statement, route.primary(), route.secondary(), requests::executeSync);
  }

  @Override
  public WriteMode mode() {
    return routing.get().mode();
  }

  @Override
  public void mode(WriteMode mode) {
    Objects.requireNonNull(mode, "mode");
    Routing before = routing.getAndUpdate(r -> r.withMode(mode));
    if (before.mode() != mode) {
      listener.onModeChange(before.mode(), mode);
    }
  }

  @Override
  public Target primary() {
    return routing.get().primary();
  }

  @Override
  public Target secondary() {
    return routing.get().secondary();
  }

  @Override
  public void swap() {
    Routing after = routing.updateAndGet(Routing::swapped);
    listener.onSwap(after.primary(), after.secondary());
  }

  @Override
  public FailedWriteLog failedWrites() {
    return failedWrites;
  }

  @Override
  public CompletionStage<ReplayResult> replayFailedWritesAsync() {
    if (!lifecycle.isOpen()) {
      return CompletableFuture.failedFuture(closedError("replay"));
    }
    return replayer.replay();
  }

  @Override
  public ReplayResult replayFailedWrites() {
    return SafeSessionFactory.await(replayFailedWritesAsync());
  }

  /**
   * Refuses new writes, waits up to {@link #CLOSE_WAIT_MILLIS} for writes in flight to settle (so that the
   * failed half of a split write is still recorded), then stops the log. Idempotent.
   */
  @Override
  public void close() {
    if (!lifecycle.beginClose(CLOSE_WAIT_MILLIS)) {
      return;
    }
    logExecutor.shutdown();
    replayExecutor.shutdown();
    try {
      // let recordings already queued reach the disk
      logExecutor.awaitTermination(30, TimeUnit.SECONDS);
      replayExecutor.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failedWrites.close();
    listener.onClose();
    lifecycle.closed();
  }

  private static Throwable failure(CompletableFuture<?> future) {
    if (!future.isCompletedExceptionally()) {
      return null;
    }
    try {
      future.join();
      return null;
    } catch (CompletionException | java.util.concurrent.CancellationException e) {
      return unwrap(e);
    }
  }

  private static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static java.util.concurrent.ThreadFactory daemon(String threadName) {
    return runnable -> {
      Thread thread = new Thread(runnable, threadName);
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public String toString() {
    Routing route = routing.get();
    return "DualWriter[" + name + ", " + route.mode() + ", primary " + route.primary() + ", secondary "
        + route.secondary() + ", " + failedWrites.size() + " writes to replay]";
  }

}
