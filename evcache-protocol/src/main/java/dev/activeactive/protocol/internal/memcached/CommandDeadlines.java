package dev.activeactive.protocol.internal.memcached;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fails the futures of memcached commands that take longer than one fixed timeout, and cancels them.
 *
 * <p>Why not {@link CompletableFuture#orTimeout}: that schedules and then cancels a task on the JDK's shared delay
 * queue for every command, a lock and a heap operation each way, which showed up as a sixth of the memcached I/O
 * thread's time. Here every command gets the same timeout, so deadlines arrive in the order commands were issued:
 * a lock-free FIFO queue and one sweep every few milliseconds do the same job. A sweep drops completed commands
 * from the head and collects expired ones; a command is failed at most one sweep interval after its deadline.
 *
 * <p>The sweeps of every instance share one thread, which only looks at queue heads: failing the expired futures
 * (and so whatever the callers chained on them) and running their expiry actions happen on a thread of this
 * instance's own, so a slow follow-up in one client or zone never delays another's timeouts.
 *
 * <p>Thread-safe. {@link #close()} stops the sweeps (futures still pending then are left as they are).
 */
public final class CommandDeadlines implements AutoCloseable {

  private static final ScheduledExecutorService SWEEPER = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "memcached-command-deadlines");
    thread.setDaemon(true);
    return thread;
  });

  private static final Runnable NOTHING = () -> { };

  private record Pending(long deadlineNanos, CompletableFuture<?> future, Runnable onExpiry) {}

  private final long timeoutNanos;
  private final String timeoutMessage;
  private final Runnable housekeeping;
  private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
  private final ThreadPoolExecutor expiries;
  private final ScheduledFuture<?> sweeps;
  private long lastHousekeepingNanos = System.nanoTime();

  /** @param timeout how long a command may take; must be positive */
  public CommandDeadlines(Duration timeout) {
    this(timeout, "memcached", NOTHING);
  }

  /**
   * @param timeout how long a command may take; must be positive
   * @param name names the thread expired commands are failed on
   * @param housekeeping run on that thread about once per timeout (e.g. probing servers)
   */
  public CommandDeadlines(Duration timeout, String name, Runnable housekeeping) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    this.timeoutNanos = timeout.toNanos();
    this.timeoutMessage = "memcached did not answer within " + timeout.toMillis() + " ms";
    this.housekeeping = housekeeping;
    // one thread, started on the first expiry and gone after a quiet minute: an idle zone costs no thread
    this.expiries = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
      Thread thread = new Thread(runnable, "memcached-timeouts-" + name);
      thread.setDaemon(true);
      return thread;
    });
    this.expiries.allowCoreThreadTimeOut(true);
    long intervalMillis = Math.max(1, Math.min(50, timeout.toMillis() / 20));
    this.sweeps = SWEEPER.scheduleWithFixedDelay(this::sweep, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
  }

  /** Watches {@code future}: it fails with a {@link TimeoutException} unless it completes in time. */
  public <T> CompletableFuture<T> watch(CompletableFuture<T> future) {
    return watch(future, NOTHING);
  }

  /**
   * Watches {@code future}: unless it completes in time it fails with a {@link TimeoutException}, and then
   * {@code onExpiry} runs (e.g. to cancel the command).
   */
  public <T> CompletableFuture<T> watch(CompletableFuture<T> future, Runnable onExpiry) {
    if (!future.isDone()) {
      pending.add(new Pending(System.nanoTime() + timeoutNanos, future, onExpiry));
    }
    return future;
  }

  /** Commands watched and not yet dropped by a sweep (completed ones are dropped lazily). */
  int watched() {
    return pending.size();
  }

  void sweep() {
    long now = System.nanoTime();
    List<Pending> expired = null;
    Pending head;
    while ((head = pending.peek()) != null) {
      if (head.future().isDone()) {
        pending.poll();
      } else if (now - head.deadlineNanos() >= 0) {
        pending.poll();
        if (expired == null) {
          expired = new ArrayList<>();
        }
        expired.add(head);
      } else {
        // deadlines are in issue order: nothing behind an unexpired head has expired either
        break;
      }
    }
    boolean housekeep = housekeeping != NOTHING && now - lastHousekeepingNanos >= timeoutNanos;
    if (housekeep) {
      lastHousekeepingNanos = now;
    }
    if (expired == null && !housekeep) {
      return;
    }
    List<Pending> batch = expired == null ? List.of() : expired;
    try {
      expiries.execute(() -> expire(batch, housekeep));
    } catch (RejectedExecutionException e) {
      expire(batch, housekeep); // closed meanwhile: finish this batch here rather than leave it pending
    }
  }

  private void expire(List<Pending> batch, boolean housekeep) {
    for (Pending expired : batch) {
      try {
        if (expired.future().completeExceptionally(new TimeoutException(timeoutMessage))) {
          expired.onExpiry().run();
        }
      } catch (RuntimeException e) {
        // a failing expiry action must not keep the rest of the batch from failing
      }
    }
    if (housekeep) {
      try {
        housekeeping.run();
      } catch (RuntimeException e) {
        // retried at the next housekeeping
      }
    }
  }

  @Override
  public void close() {
    sweeps.cancel(false);
    expiries.shutdown();
  }
}
