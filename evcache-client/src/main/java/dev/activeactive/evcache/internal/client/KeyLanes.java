package dev.activeactive.evcache.internal.client;

import dev.activeactive.evcache.api.WriteResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One conditional write per key in flight from this client; writes of a key that arrive meanwhile wait, and when
 * the one in flight is done only the newest of them runs. The older waiting ones are superseded by it, by this
 * client's own clock, and complete with its outcome ({@code superseded = true}, or its failure) without touching
 * memcached.
 *
 * <p>Why: concurrent read-decide-write loops on one key fight each other (every {@code cas} but one fails and
 * reads again), so a hot key written by many threads of one process exhausted its attempts in some zones and left
 * the zones disagreeing. A process never needs to contend with itself: last writer wins, and its newest write is
 * the one that counts.
 *
 * <p>Thread-safe and non-blocking; the next write starts on the thread that completed the previous one.
 */
final class KeyLanes {

  /** A write waiting for its key. */
  private record Waiting(long versionMicros, Supplier<CompletableFuture<WriteResult>> write, Runnable onSkipped,
      CompletableFuture<WriteResult> result) {}

  /** The waiting writes of a key with one in flight (guarded by itself). */
  private static final class Lane {
    final List<Waiting> waiting = new ArrayList<>();
  }

  private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();

  /**
   * Runs {@code write} now if no write of {@code key} is in flight, otherwise after it.
   *
   * @param versionMicros the write's version (the newest waiting write runs)
   * @param onSkipped run when the write is superseded while waiting and will not run (give back its reservation)
   */
  CompletableFuture<WriteResult> run(String key, long versionMicros, Supplier<CompletableFuture<WriteResult>> write,
      Runnable onSkipped) {
    CompletableFuture<WriteResult> result = new CompletableFuture<>();
    Waiting me = new Waiting(versionMicros, write, onSkipped, result);
    boolean[] start = {false};
    lanes.compute(key, (k, lane) -> {
      if (lane == null) {
        start[0] = true;
        return new Lane();
      }
      synchronized (lane) {
        lane.waiting.add(me);
      }
      return lane;
    });
    if (start[0]) {
      start(key, me);
    }
    return result;
  }

  private void start(String key, Waiting running) {
    CompletableFuture<WriteResult> done;
    try {
      done = running.write().get();
    } catch (RuntimeException e) {
      done = CompletableFuture.failedFuture(e);
    }
    done.whenComplete((value, error) -> {
      if (error != null) {
        running.result().completeExceptionally(error);
      } else {
        running.result().complete(value);
      }
      next(key);
    });
  }

  /** The write in flight is done: run the newest waiting one, settle the others with its outcome. */
  private void next(String key) {
    List<Waiting> batch = new ArrayList<>();
    lanes.computeIfPresent(key, (k, lane) -> {
      synchronized (lane) {
        batch.addAll(lane.waiting);
        lane.waiting.clear();
      }
      return batch.isEmpty() ? null : lane;
    });
    if (batch.isEmpty()) {
      return;
    }
    Waiting newest = batch.get(0);
    for (Waiting w : batch) {
      if (w.versionMicros() > newest.versionMicros()) {
        newest = w;
      }
    }
    Waiting winner = newest;
    for (Waiting w : batch) {
      if (w != winner) {
        w.onSkipped().run();
        winner.result().whenComplete((value, error) -> {
          if (error != null) {
            w.result().completeExceptionally(error);
          } else {
            w.result().complete(new WriteResult(w.versionMicros(), true));
          }
        });
      }
    }
    start(key, winner);
  }
}
