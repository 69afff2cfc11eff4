package dev.activeactive.relay.service.internal.dlq;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The receipt handles of the dead letters a command has received and not deleted: SQS hides a received message
 * for the hold, and walking a queue needs that (a message made visible at once would be received again and
 * again), so a command keeps its handles, only those, and makes every one visible again when it is done.
 *
 * <p>Also when it is stopped: while handles are held, a JVM shutdown hook (Ctrl-C, SIGTERM, a closed terminal)
 * releases them, so an interrupted listing does not hide the DLQ from the next command for the whole hold. Only
 * a SIGKILL or a lost network leaves them hidden, until the hold ends. Memory is one handle and id per held
 * message (well under a kilobyte), never bodies. Not thread-safe apart from the hook's release.
 */
final class HeldMessages implements AutoCloseable {
  /** How long a shutdown waits for a walk's receive in flight, whose messages are hidden once SQS answers. */
  private static final long STOP_WAIT_MILLIS = 15_000;

  private final List<String> handles = new ArrayList<>();
  private final AtomicInteger walks = new AtomicInteger();
  private volatile boolean stopping;
  private final Consumer<List<String>> release;
  private final Thread hook;
  private boolean released;

  /** {@code release} makes up to ten handles visible again (one ChangeMessageVisibilityBatch). */
  HeldMessages(Consumer<List<String>> release) {
    this.release = release;
    this.hook = new Thread(this::stopAndRelease, "dlq-release-on-exit");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Holds one more handle; once everything was released (a shutdown under way), releases it at once. */
  synchronized void add(String receiptHandle) {
    if (released) {
      release.accept(List.of(receiptHandle));
      return;
    }
    handles.add(receiptHandle);
  }

  synchronized int size() {
    return handles.size();
  }

  /** True once the JVM is shutting down: a walk stops after the receive in flight. */
  boolean stopping() {
    return stopping;
  }

  /** Runs a walk of the queue, which checks {@link #stopping()} between receives. */
  <T> T walk(java.util.function.Supplier<T> walk) {
    walks.incrementAndGet();
    try {
      return walk.get();
    } finally {
      walks.decrementAndGet();
    }
  }

  /**
   * The shutdown hook: lets the walk finish its receive in flight (the JVM would otherwise exit between SQS
   * hiding those messages and the walk holding their handles), then releases everything.
   */
  private void stopAndRelease() {
    stopping = true;
    long deadline = System.currentTimeMillis() + STOP_WAIT_MILLIS;
    while (walks.get() > 0 && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    releaseAll();
  }

  /** Makes every held message visible again, ten per request; the first failure is rethrown after trying all. */
  synchronized void releaseAll() {
    if (released) {
      return;
    }
    released = true;
    RuntimeException first = null;
    for (int start = 0; start < handles.size(); start += 10) {
      try {
        release.accept(List.copyOf(handles.subList(start, Math.min(handles.size(), start + 10))));
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      }
    }
    handles.clear();
    if (first != null) {
      throw first;
    }
  }

  @Override
  public void close() {
    try {
      releaseAll();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // called from a shutdown: the hook runs or ran already
      }
    }
  }
}
