package dev.activeactive.protocol.api.zone;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Bounds the logical operations in flight on one zone; operations beyond the bound wait in a queue (without
 * blocking anybody) and start as earlier ones complete.
 *
 * <p>Why: spymemcached's per-server input queue is bounded and blocks the thread that adds to a full queue.
 * Completion listeners run on the I/O thread, and a conditional write issues its {@code cas} from there; if a
 * flood of asynchronous calls had filled the queue, the I/O thread would block on it and nothing would drain it.
 * Keeping the operations in flight well under the queue's capacity rules that out. A logical operation holds one
 * permit for all its commands (a CAS loop's {@code gets} and {@code cas} never wait for a permit).
 *
 * <p>Thread-safe and lock-free.
 */
public final class InFlightLimit {

  /** Logical operations in flight per zone: a quarter of spymemcached's default input queue (16,384). */
  public static final int DEFAULT_MAX = 4096;

  private final int max;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final ConcurrentLinkedQueue<Runnable> waiting = new ConcurrentLinkedQueue<>();
  /** Set while this thread runs {@link #drain()}, so a completion inside it does not start a nested drain. */
  private final ThreadLocal<Boolean> draining = ThreadLocal.withInitial(() -> Boolean.FALSE);

  public InFlightLimit(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be positive: " + max);
    }
    this.max = max;
  }

  /** Runs {@code operation} now if a permit is free, otherwise once one is. */
  public <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> operation) {
    if (tryAcquire()) {
      return run(operation);
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    waiting.add(() -> run(operation).whenComplete((value, error) -> {
      if (error != null) {
        result.completeExceptionally(error);
      } else {
        result.complete(value);
      }
    }));
    drain(); // a permit may have been released between tryAcquire and add
    return result;
  }

  /** Operations in flight now. */
  public int inFlight() {
    return inFlight.get();
  }

  private boolean tryAcquire() {
    while (true) {
      int current = inFlight.get();
      if (current >= max) {
        return false;
      }
      if (inFlight.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  private <T> CompletableFuture<T> run(Supplier<CompletableFuture<T>> operation) {
    CompletableFuture<T> future;
    try {
      future = operation.get();
    } catch (RuntimeException e) {
      future = CompletableFuture.failedFuture(e);
    }
    future.whenComplete((value, error) -> release());
    return future;
  }

  private void release() {
    inFlight.decrementAndGet();
    drain();
  }

  /**
   * Starts waiting operations while permits are free. An operation that completes at once releases its permit
   * inside {@code next.run()}; that release's own drain returns immediately and this loop picks up the next one,
   * so a long run of such operations does not nest one stack frame per operation.
   */
  private void drain() {
    if (draining.get()) {
      return;
    }
    draining.set(Boolean.TRUE);
    try {
      while (!waiting.isEmpty() && tryAcquire()) {
        Runnable next = waiting.poll();
        if (next == null) {
          inFlight.decrementAndGet();
          return;
        }
        next.run();
      }
    } finally {
      draining.set(Boolean.FALSE);
    }
  }
}
