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
 * <p>The waiting queue is bounded too ({@link #DEFAULT_MAX_WAITING} unless given): an operation beyond it fails at
 * once with a {@link SaturatedException} rather than queue without limit behind a zone that stopped answering.
 *
 * <p>Thread-safe and lock-free.
 */
public final class InFlightLimit {

  /** Logical operations in flight per zone: a quarter of spymemcached's default input queue (16,384). */
  public static final int DEFAULT_MAX = 4096;
  /** Operations that may wait for a permit by default. */
  public static final int DEFAULT_MAX_WAITING = 65_536;

  /** An operation refused because the bound and the waiting queue were both full. */
  public static final class SaturatedException extends IllegalStateException {
    SaturatedException(String message) {
      super(message);
    }
  }

  private final int max;
  private final int maxWaiting;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger waitingCount = new AtomicInteger();
  private final ConcurrentLinkedQueue<Runnable> waiting = new ConcurrentLinkedQueue<>();
  /** Set while this thread runs {@link #drain()}, so a completion inside it does not start a nested drain. */
  private final ThreadLocal<Boolean> draining = ThreadLocal.withInitial(() -> Boolean.FALSE);

  /** @param max operations in flight at once; up to {@link #DEFAULT_MAX_WAITING} more may wait */
  public InFlightLimit(int max) {
    this(max, DEFAULT_MAX_WAITING);
  }

  /**
   * @param max operations in flight at once
   * @param maxWaiting operations that may wait for a permit; beyond them {@link #submit} fails at once
   */
  public InFlightLimit(int max, int maxWaiting) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be positive: " + max);
    }
    if (maxWaiting < 0) {
      throw new IllegalArgumentException("maxWaiting must not be negative: " + maxWaiting);
    }
    this.max = max;
    this.maxWaiting = maxWaiting;
  }

  /**
   * Runs {@code operation} now if a permit is free, otherwise once one is; fails at once with a
   * {@link SaturatedException} (never blocks) if {@code maxWaiting} operations already wait.
   */
  public <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> operation) {
    if (tryAcquire()) {
      return run(operation);
    }
    if (waitingCount.incrementAndGet() > maxWaiting) {
      waitingCount.decrementAndGet();
      return CompletableFuture.failedFuture(new SaturatedException(max + " operations in flight and " + maxWaiting
          + " waiting: refusing more instead of queueing without limit (the zone is slow or not answering; "
          + "retry later)"));
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

  /** Operations waiting for a permit now. */
  public int waiting() {
    return waitingCount.get();
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
        waitingCount.decrementAndGet();
        next.run();
      }
    } finally {
      draining.set(Boolean.FALSE);
    }
  }
}
