package dev.activeactive.dualwrite.internal.log;

import dev.activeactive.dualwrite.api.ReplayResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.Predicate;

/**
 * Applies the failed-write log to its targets. Records are taken oldest first in windows of
 * {@code parallelism}; a window is applied concurrently (order within it does not matter, since every record
 * carries its own write timestamp) and the pass stops after the first window with a failure, keeping the
 * failed records and everything after them. One pass at a time: a call during a pass gets that pass.
 */
public final class Replayer {
  private final SegmentedFailedWriteLog log;
  private final Function<FailedWrite, CompletionStage<?>> applier;
  private final int parallelism;
  private final Executor executor;
  private final Predicate<FailedWrite> selected;
  private final LongConsumer progress;
  private final AtomicReference<CompletableFuture<ReplayResult>> running = new AtomicReference<>();

  /**
   * @param applier sends one record to its target; the record counts as applied when the stage completes
   *     normally
   * @param executor runs the pass, which blocks while waiting for each window
   */
  public Replayer(SegmentedFailedWriteLog log, Function<FailedWrite, CompletionStage<?>> applier,
      int parallelism, Executor executor) {
    this(log, applier, parallelism, executor, w -> true, applied -> {});
  }

  /**
   * @param selected the records this replayer applies; the others stay in the log untouched (the CLI replays
   *     one target at a time)
   * @param progress told the number of records applied so far after each segment
   */
  public Replayer(SegmentedFailedWriteLog log, Function<FailedWrite, CompletionStage<?>> applier,
      int parallelism, Executor executor, Predicate<FailedWrite> selected, LongConsumer progress) {
    this.selected = selected;
    this.progress = progress;
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1");
    }
    this.log = log;
    this.applier = applier;
    this.parallelism = parallelism;
    this.executor = executor;
  }

  public CompletionStage<ReplayResult> replay() {
    CompletableFuture<ReplayResult> pass = new CompletableFuture<>();
    CompletableFuture<ReplayResult> current = running.compareAndExchange(null, pass);
    if (current != null) {
      return current;
    }
    try {
      executor.execute(() -> {
        try {
          pass.complete(runPass());
        } catch (Throwable t) {
          pass.completeExceptionally(t);
        } finally {
          running.set(null);
        }
      });
    } catch (RuntimeException rejected) {
      running.set(null);
      pass.completeExceptionally(rejected);
    }
    return pass;
  }

  private ReplayResult runPass() {
    long applied = 0;
    for (long segment : log.seal()) {
      List<FailedWrite> all = log.read(segment);
      List<FailedWrite> records = all.stream().filter(selected).toList();
      List<FailedWrite> untouched = all.stream().filter(selected.negate()).toList();
      if (records.isEmpty()) {
        continue;
      }
      int next = 0;
      Throwable error = null;
      List<FailedWrite> done = new ArrayList<>();
      List<FailedWrite> failed = new ArrayList<>();
      while (next < records.size() && error == null) {
        List<FailedWrite> window = records.subList(next, Math.min(records.size(), next + parallelism));
        List<CompletableFuture<?>> futures = new ArrayList<>(window.size());
        for (FailedWrite record : window) {
          futures.add(start(record));
        }
        for (int i = 0; i < window.size(); i++) {
          try {
            futures.get(i).join();
            done.add(window.get(i));
          } catch (CompletionException e) {
            failed.add(window.get(i));
            if (error == null) {
              error = e.getCause() != null ? e.getCause() : e;
            }
          }
        }
        next += window.size();
      }
      List<FailedWrite> remaining = new ArrayList<>(untouched);
      remaining.addAll(failed);
      remaining.addAll(records.subList(next, records.size()));
      log.replaceSegment(segment, done, remaining);
      applied += done.size();
      progress.accept(applied);
      if (error != null) {
        return new ReplayResult(applied, log.size(), Optional.of(error));
      }
    }
    return new ReplayResult(applied, log.size(), Optional.empty());
  }

  private CompletableFuture<?> start(FailedWrite record) {
    try {
      return applier.apply(record).toCompletableFuture();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
