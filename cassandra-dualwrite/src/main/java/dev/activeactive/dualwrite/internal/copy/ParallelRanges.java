package dev.activeactive.dualwrite.internal.copy;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Works through token ranges with a fixed number of threads, in order. A stop request or the first error ends
 * the run after the ranges in progress finish; the error is then rethrown.
 */
final class ParallelRanges {
  private final AtomicBoolean stopRequested = new AtomicBoolean();

  void stop() {
    stopRequested.set(true);
  }

  boolean stopped() {
    return stopRequested.get();
  }

  /** Runs {@code work} for each range; returns whether every range ran. */
  boolean run(List<TokenRange> ranges, int parallelism, String threadName, Consumer<TokenRange> work) {
    AtomicInteger next = new AtomicInteger();
    AtomicReference<RuntimeException> error = new AtomicReference<>();
    AtomicInteger finished = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(parallelism, runnable -> {
      Thread thread = new Thread(runnable, threadName);
      thread.setDaemon(true);
      return thread;
    });
    try {
      for (int t = 0; t < parallelism; t++) {
        pool.execute(() -> {
          int index;
          while (!stopRequested.get() && error.get() == null && (index = next.getAndIncrement()) < ranges.size()) {
            try {
              work.accept(ranges.get(index));
              finished.incrementAndGet();
            } catch (RuntimeException e) {
              error.compareAndSet(null, e);
            }
          }
        });
      }
      pool.shutdown();
      while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
        // ranges can take long; keep waiting
      }
    } catch (InterruptedException e) {
      stopRequested.set(true);
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
    if (error.get() != null) {
      throw error.get();
    }
    return finished.get() == ranges.size();
  }
}
