package dev.activeactive.protocol.internal.memcached;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fails the futures of memcached commands that take longer than one fixed timeout.
 *
 * <p>Why not {@link CompletableFuture#orTimeout}: that schedules and then cancels a task on the JDK's shared delay
 * queue for every command, a lock and a heap operation each way, which showed up as a sixth of the memcached I/O
 * thread's time. Here every command gets the same timeout, so deadlines arrive in the order commands were issued:
 * a lock-free FIFO queue and one sweep every few milliseconds do the same job. A sweep drops completed commands
 * from the head and fails expired ones; a command is failed at most one sweep interval after its deadline.
 *
 * <p>Thread-safe. {@link #close()} stops the sweeps (futures still pending then are left as they are).
 */
public final class CommandDeadlines implements AutoCloseable {

  private static final ScheduledExecutorService SWEEPER = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "memcached-command-deadlines");
    thread.setDaemon(true);
    return thread;
  });

  private record Pending(long deadlineNanos, CompletableFuture<?> future) {}

  private final long timeoutNanos;
  private final String timeoutMessage;
  private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
  private final ScheduledFuture<?> sweeps;

  /** @param timeout how long a command may take; must be positive */
  public CommandDeadlines(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    this.timeoutNanos = timeout.toNanos();
    this.timeoutMessage = "memcached did not answer within " + timeout.toMillis() + " ms";
    long intervalMillis = Math.max(1, Math.min(50, timeout.toMillis() / 20));
    this.sweeps = SWEEPER.scheduleWithFixedDelay(this::sweep, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
  }

  /** Watches {@code future}: it fails with a {@link TimeoutException} unless it completes in time. */
  public <T> CompletableFuture<T> watch(CompletableFuture<T> future) {
    if (!future.isDone()) {
      pending.add(new Pending(System.nanoTime() + timeoutNanos, future));
    }
    return future;
  }

  /** Commands watched and not yet dropped by a sweep (completed ones are dropped lazily). */
  int watched() {
    return pending.size();
  }

  void sweep() {
    long now = System.nanoTime();
    Pending head;
    while ((head = pending.peek()) != null) {
      if (head.future().isDone()) {
        pending.poll();
      } else if (now - head.deadlineNanos() >= 0) {
        pending.poll();
        head.future().completeExceptionally(new TimeoutException(timeoutMessage));
      } else {
        // deadlines are in issue order: nothing behind an unexpired head has expired either
        return;
      }
    }
  }

  @Override
  public void close() {
    sweeps.cancel(false);
  }
}
