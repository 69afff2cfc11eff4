package dev.activeactive.evcache.internal.publish;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bound on the bytes a region's publisher holds in memory: writers acquire before their operation is accepted,
 * the publisher releases when the operation is sent, spooled, coalesced away or dropped. Lock-free unless a writer
 * has to wait.
 */
final class ByteBudget {

  private final long max;
  private final AtomicLong used = new AtomicLong();
  private final AtomicInteger waiters = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition released = lock.newCondition();

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

  /** Gives back {@code bytes}. */
  void release(long bytes) {
    if (bytes <= 0) {
      return;
    }
    used.addAndGet(-bytes);
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
