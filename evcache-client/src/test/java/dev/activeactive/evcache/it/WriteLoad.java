package dev.activeactive.evcache.it;

import dev.activeactive.evcache.api.DatasetCache;
import dev.activeactive.evcache.api.WriteResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes {@code setAsync} at a steady rate over a set of keys from a thread of its own, at most {@code maxPending}
 * writes in flight, and keeps every acknowledged write (key, version) and every failure, for tests that check
 * what reached the other region. The rate is what it reaches, not what was asked for: {@link #achievedPerSecond()}
 * says which.
 */
final class WriteLoad implements AutoCloseable {

  /** An acknowledged write. */
  record Written(String key, long version) {}

  private final DatasetCache<String> cache;
  private final String memcachedKeyPrefix;
  private final int perSecond;
  private final int keys;
  private final Semaphore pending;
  private final int maxPending;
  private final ConcurrentLinkedQueue<Written> written = new ConcurrentLinkedQueue<>();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
  private final AtomicLong issued = new AtomicLong();
  private final AtomicLong publishFailures = new AtomicLong();
  private final AtomicReference<Throwable> firstPublishFailure = new AtomicReference<>();
  private final Thread thread;
  private volatile boolean stop;
  private volatile long startedNanos;
  private volatile long stoppedNanos;

  /**
   * @param memcachedKeyPrefix what the client puts before a key on the wire ({@code dataset + ":"})
   */
  WriteLoad(DatasetCache<String> cache, String memcachedKeyPrefix, int perSecond, int keys, int maxPending) {
    this.cache = cache;
    this.memcachedKeyPrefix = memcachedKeyPrefix;
    this.perSecond = perSecond;
    this.keys = keys;
    this.pending = new Semaphore(maxPending);
    this.maxPending = maxPending;
    this.thread = new Thread(this::run, "write-load");
    thread.setDaemon(true);
  }

  WriteLoad start() {
    startedNanos = System.nanoTime();
    thread.start();
    return this;
  }

  private void run() {
    long start = startedNanos;
    long step = 0;
    try {
      while (!stop) {
        long due = start + TimeUnit.MILLISECONDS.toNanos(step * 10);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        long target = (step + 1) * perSecond / 100;
        while (issued.get() < target && !stop) {
          if (!pending.tryAcquire(100, TimeUnit.MILLISECONDS)) {
            continue; // the writes are slower than asked: the rate reached says so
          }
          long n = issued.getAndIncrement();
          String key = "k" + (n % keys);
          CompletableFuture<WriteResult> f;
          try {
            f = cache.setAsync(key, "v" + n);
          } catch (RuntimeException e) {
            pending.release();
            failed(e);
            continue;
          }
          f.whenComplete((r, e) -> {
            pending.release();
            if (e != null) {
              failed(e);
            } else {
              written.add(new Written(memcachedKeyPrefix + key, r.versionMicros()));
            }
          });
        }
        step++;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void failed(Throwable e) {
    failures.incrementAndGet();
    firstFailure.compareAndSet(null, e);
    String text = String.valueOf(e);
    for (Throwable t = e; t != null; t = t.getCause()) {
      text += " " + t.getMessage();
    }
    if (text.contains("publish") || text.contains("closed")) {
      publishFailures.incrementAndGet();
      firstPublishFailure.compareAndSet(null, e);
    }
  }

  /**
   * Writes that failed because of the publisher (buffer full, not published, closed), as opposed to a local
   * memcached failure (a zone timing out on a loaded machine), which is not the publisher's to prevent.
   */
  long publishFailures() {
    return publishFailures.get();
  }

  Throwable firstPublishFailure() {
    return firstPublishFailure.get();
  }

  /** Stops issuing and waits (up to a minute) for the writes in flight to answer. */
  void stopAndAwait() throws InterruptedException {
    stop = true;
    thread.join(60_000);
    stoppedNanos = System.nanoTime();
    if (!pending.tryAcquire(maxPending, 60, TimeUnit.SECONDS)) {
      throw new AssertionError("writes still unanswered a minute after the load stopped");
    }
    pending.release(maxPending);
  }

  long issued() {
    return issued.get();
  }

  long failures() {
    return failures.get();
  }

  Throwable firstFailure() {
    return firstFailure.get();
  }

  List<Written> written() {
    return new ArrayList<>(written);
  }

  /** Each key's newest acknowledged version. */
  Map<String, Long> newestByKey() {
    Map<String, Long> newest = new ConcurrentHashMap<>();
    for (Written w : written) {
      newest.merge(w.key(), w.version(), Math::max);
    }
    return newest;
  }

  /** Writes issued per second between start and stop. */
  double achievedPerSecond() {
    long end = stoppedNanos == 0 ? System.nanoTime() : stoppedNanos;
    return issued.get() * 1e9 / Math.max(1, end - startedNanos);
  }

  @Override
  public void close() {
    stop = true;
  }
}
