package dev.activeactive.evcache.internal.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Reserves room in every region for an asynchronous write without blocking its caller, under the BLOCK overflow
 * policy: where a region's buffer is full, the wait happens in a future that completes once that region's
 * {@link ByteBudget} grants the room, or fails after maxBlock. The caller of {@code setAsync} may be a memcached
 * I/O or event-loop thread; blocking it for maxBlock would stall everything else on that thread.
 *
 * <p>One daemon thread of its own times the waits out and runs what follows a grant (the next region's
 * reservation, then the caller's continuation, which starts the local write), so that neither runs on a region's
 * publisher thread, which is the one that frees room.
 */
final class AsyncReservations implements AutoCloseable {

  /** Turns the regions that accepted into a reservation; may refuse (closed) with a runtime exception. */
  interface Finish {
    Publisher.Reservation reserved(List<RegionPublisher> accepted);
  }

  private final long maxBlockNanos;
  private final ScheduledExecutorService timer;
  private final Executor continueOnTimer;
  private final Map<ByteBudget.Waiter, ByteBudget> waiting = new ConcurrentHashMap<>();
  private volatile boolean closed;

  AsyncReservations(long maxBlockNanos) {
    this.maxBlockNanos = maxBlockNanos;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "evcache-publisher-waits");
      t.setDaemon(true);
      return t;
    });
    // after close the timer takes no more work: what is left runs where it completes
    this.continueOnTimer = r -> {
      try {
        timer.execute(r);
      } catch (RejectedExecutionException e) {
        r.run();
      }
    };
  }

  /**
   * Reserves {@code size} bytes in each region, waiting (without blocking) where one is full.
   *
   * @param overflow the error for a region that had no room within maxBlock
   */
  CompletableFuture<Publisher.Reservation> reserve(List<RegionPublisher> regions, int size, Finish finish,
      Function<RegionPublisher, RuntimeException> overflow) {
    CompletableFuture<Publisher.Reservation> result = new CompletableFuture<>();
    next(new Attempt(regions, size, System.nanoTime() + maxBlockNanos, finish, overflow, result), 0);
    return result;
  }

  private record Attempt(List<RegionPublisher> regions, int size, long deadlineNanos, Finish finish,
      Function<RegionPublisher, RuntimeException> overflow, CompletableFuture<Publisher.Reservation> result,
      List<RegionPublisher> accepted) {
    Attempt(List<RegionPublisher> regions, int size, long deadlineNanos, Finish finish,
        Function<RegionPublisher, RuntimeException> overflow, CompletableFuture<Publisher.Reservation> result) {
      this(regions, size, deadlineNanos, finish, overflow, result, new ArrayList<>(regions.size()));
    }

    void fail(RuntimeException error) {
      for (RegionPublisher region : accepted) {
        region.budget().release(size);
      }
      result.completeExceptionally(error);
    }
  }

  private void next(Attempt a, int from) {
    int i = from;
    while (i < a.regions.size() && a.regions.get(i).budget().tryAcquire(a.size)) {
      a.accepted.add(a.regions.get(i++));
    }
    if (i == a.regions.size()) {
      try {
        a.result.complete(a.finish.reserved(a.accepted));
      } catch (RuntimeException e) {
        a.fail(e);
      }
      return;
    }
    RegionPublisher region = a.regions.get(i);
    if (closed) {
      a.fail(new IllegalStateException("the client is closed"));
      return;
    }
    ByteBudget budget = region.budget();
    ByteBudget.Waiter waiter = budget.acquireLater(a.size);
    waiting.put(waiter, budget);
    ScheduledFuture<?> timeout;
    try {
      timeout = timer.schedule(() -> budget.giveUp(waiter), a.deadlineNanos - System.nanoTime(),
          TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      timeout = null;
      budget.giveUp(waiter); // closed meanwhile
    }
    ScheduledFuture<?> cancelOnGrant = timeout;
    int at = i;
    waiter.granted().thenAcceptAsync(granted -> {
      waiting.remove(waiter);
      if (cancelOnGrant != null) {
        cancelOnGrant.cancel(false);
      }
      if (granted) {
        a.accepted.add(region);
        next(a, at + 1);
      } else {
        a.fail(closed ? new IllegalStateException("the client is closed") : a.overflow.apply(region));
      }
    }, continueOnTimer);
  }

  /** Fails every write still waiting for room ("the client is closed") and stops the timer. */
  @Override
  public void close() {
    closed = true;
    waiting.forEach((waiter, budget) -> budget.giveUp(waiter));
    timer.shutdown();
  }
}
