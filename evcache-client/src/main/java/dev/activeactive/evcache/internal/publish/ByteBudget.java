package dev.activeactive.evcache.internal.publish;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bound on the bytes a region's publisher holds in memory: writers acquire before their operation is accepted,
 * the publisher releases when the operation is sent, spooled, coalesced away or dropped. Lock-free unless a writer
 * has to wait: a synchronous writer waits on a condition ({@link #acquire}), an asynchronous one is handed a
 * {@link Waiter} whose future completes once room is given to it ({@link #acquireLater}), in arrival order.
 */
final class ByteBudget {

  private final long max;
  private final AtomicLong used = new AtomicLong();
  private final AtomicInteger waiters = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition released = lock.newCondition();
  /** Asynchronous writers waiting for room, oldest first; guarded by itself. */
  private final ArrayDeque<Waiter> later = new ArrayDeque<>();
  private volatile boolean anyLater;

  /** An asynchronous writer's wait for room. */
  static final class Waiter {
    private final long bytes;
    private final CompletableFuture<Boolean> granted = new CompletableFuture<>();

    private Waiter(long bytes) {
      this.bytes = bytes;
    }

    /** Completes with true once the bytes are the writer's, or false if it gave up first ({@link #giveUp}). */
    CompletableFuture<Boolean> granted() {
      return granted;
    }
  }

  ByteBudget(long max) {
    if (max <= 0) {
      throw new IllegalArgumentException("max must be positive: " + max);
    }
    this.max = max;
  }

  /** Takes {@code bytes} if they fit under the limit. */
  boolean tryAcquire(long bytes) {
    while (true) {
      long current = used.get();
      if (current + bytes > max) {
        return false;
      }
      if (used.compareAndSet(current, current + bytes)) {
        return true;
      }
    }
  }

  /** Takes {@code bytes} even beyond the limit (operations recovered from a journal, which must not be refused). */
  void forceAcquire(long bytes) {
    used.addAndGet(bytes);
  }

  /** Takes {@code bytes}, waiting up to {@code timeoutNanos} for room. */
  boolean acquire(long bytes, long timeoutNanos) throws InterruptedException {
    if (tryAcquire(bytes)) {
      return true;
    }
    long deadline = System.nanoTime() + timeoutNanos;
    waiters.incrementAndGet();
    lock.lock();
    try {
      while (!tryAcquire(bytes)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        released.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS);
      }
      return true;
    } finally {
      lock.unlock();
      waiters.decrementAndGet();
    }
  }

  /**
   * Takes {@code bytes} without blocking: at once if they fit, otherwise once enough is released (the returned
   * waiter's future then completes, on the releasing thread: continue elsewhere).
   */
  Waiter acquireLater(long bytes) {
    Waiter waiter = new Waiter(bytes);
    synchronized (later) {
      later.addLast(waiter);
      anyLater = true;
    }
    grantLater();
    return waiter;
  }

  /**
   * Stops waiting: the future completes with false, unless the bytes were granted first (then it stays true and
   * the caller owns them).
   */
  void giveUp(Waiter waiter) {
    waiter.granted.complete(false);
    synchronized (later) {
      later.remove(waiter);
      anyLater = !later.isEmpty();
    }
  }

  /** Grants room to the waiting asynchronous writers in order, as long as it fits; completes them outside the lock. */
  private void grantLater() {
    List<Waiter> granted = null;
    synchronized (later) {
      Waiter head;
      while ((head = later.peekFirst()) != null) {
        if (head.granted.isDone()) {
          later.pollFirst(); // gave up
          continue;
        }
        if (!tryAcquire(head.bytes)) {
          break;
        }
        later.pollFirst();
        if (granted == null) {
          granted = new ArrayList<>();
        }
        granted.add(head);
      }
      anyLater = !later.isEmpty();
    }
    if (granted != null) {
      for (Waiter w : granted) {
        if (!w.granted.complete(true)) {
          release(w.bytes); // it gave up in between: the room goes to the next
        }
      }
    }
  }

  /** Gives back {@code bytes}. */
  void release(long bytes) {
    if (bytes <= 0) {
      return;
    }
    used.addAndGet(-bytes);
    if (anyLater) {
      grantLater();
    }
    if (waiters.get() > 0) {
      lock.lock();
      try {
        released.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  long used() {
    return used.get();
  }

  long max() {
    return max;
  }
}
