package dev.activeactive.protocol.internal.memcached;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Bridges spymemcached's listenable futures to {@link CompletableFuture}s. */
public final class SpyFutures {

  private SpyFutures() {}

  /**
   * Completes {@code result} from {@code done}, a spymemcached future that has completed (called from its
   * listener, so {@code get()} does not block): its value, or the cause of its failure unwrapped.
   */
  @SuppressWarnings("unchecked")
  public static <T> void complete(CompletableFuture<T> result, Future<?> done) {
    try {
      result.complete((T) done.get());
    } catch (ExecutionException e) {
      result.completeExceptionally(e.getCause() != null ? e.getCause() : e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result.completeExceptionally(e);
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
    }
  }
}
