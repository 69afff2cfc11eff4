package dev.activeactive.relay.internal;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Caps the asynchronous operations in flight against one zone. A packed message carries up to a thousand
 * operations and several messages are handled at once; issuing them all together would queue tens of thousands
 * of commands inside the memcached client, where they would time out before reaching the wire.
 */
final class InFlightLimiter {
  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

  private static final Executor DIRECT_OR_ASYNC = command -> {
    if (DEPTH.get()[0] < 16) {
      DEPTH.get()[0]++;
      try {
        command.run();
      } finally {
        DEPTH.get()[0]--;
      }
    } else {
      ForkJoinPool.commonPool().execute(command);
    }
  };

  private final int max;
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  private int inFlight;

  InFlightLimiter(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1: " + max);
    }
    this.max = max;
  }

  /** Runs {@code task} once fewer than {@code max} tasks are in flight; completes as the task's future does. */
  <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> task) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Runnable start = () -> {
      CompletableFuture<T> started;
      try {
        started = task.get();
      } catch (RuntimeException e) {
        started = CompletableFuture.failedFuture(e);
      }
      started.whenComplete((value, error) -> {
        release();
        if (error != null) {
          result.completeExceptionally(error);
        } else {
          result.complete(value);
        }
      });
    };
    synchronized (this) {
      if (inFlight >= max) {
        waiting.add(start);
        return result;
      }
      inFlight++;
    }
    start.run();
    return result;
  }

  private void release() {
    Runnable next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        inFlight--;
      }
    }
    if (next != null) {
      // hand the permit over; past a small depth, off this stack, so chains of synchronous completions cannot
      // overflow it
      DIRECT_OR_ASYNC.execute(next);
    }
  }

  synchronized int inFlight() {
    return inFlight;
  }

  synchronized int waiting() {
    return waiting.size();
  }
}
