package dev.activeactive.dualwrite.internal.copy;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** Runs a long job (backfill, verify) on a thread of its own, for the jobs' {@code runAsync()}. */
public final class JobThread {

  private JobThread() {}

  /**
   * Starts {@code job} on a new daemon thread named {@code name}; the future completes with its result or with
   * whatever it threw.
   */
  public static <T> CompletableFuture<T> start(String name, Supplier<T> job) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try {
        result.complete(job.get());
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    }, name);
    thread.setDaemon(true);
    thread.start();
    return result;
  }
}
