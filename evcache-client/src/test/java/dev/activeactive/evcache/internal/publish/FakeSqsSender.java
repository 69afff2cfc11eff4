package dev.activeactive.evcache.internal.publish;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SQS queue for unit tests: records every request and every stored body; can be switched to fail every request
 * (unreachable), or to hold requests until released (slow), or to answer each request a round trip after it was
 * sent (a queue in another region), or to fail only the next few requests.
 */
public final class FakeSqsSender implements SqsSender {

  private static final ScheduledExecutorService WAN = Executors.newScheduledThreadPool(1, r -> {
    Thread t = new Thread(r, "fake-sqs-wan");
    t.setDaemon(true);
    return t;
  });

  private final List<List<String>> requests = new CopyOnWriteArrayList<>();
  private final List<String> stored = new CopyOnWriteArrayList<>();
  private final List<Pending> held = new ArrayList<>();
  private final AtomicInteger failedRequests = new AtomicInteger();
  private volatile boolean failing;
  private volatile boolean holding;
  private volatile boolean closed;
  private volatile long roundTripNanos;
  private final AtomicInteger failNext = new AtomicInteger();
  private final AtomicInteger rejectNext = new AtomicInteger();
  private volatile String rejectCode;
  private volatile boolean rejectSenderFault;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();

  private record Pending(List<String> bodies, CompletableFuture<BatchOutcome> future) {}

  /** Every request (including failed ones) with its bodies. */
  public List<List<String>> requests() {
    return requests;
  }

  /** Bodies SQS stored, in order of arrival (duplicates included). */
  public List<String> stored() {
    return stored;
  }

  public int failedRequests() {
    return failedRequests.get();
  }

  /** Fails every request from now on (true), or stores again (false). */
  public void failing(boolean failing) {
    this.failing = failing;
  }

  /** Holds requests without answering (true); false answers the held ones and stops holding. */
  public void holding(boolean holding) {
    this.holding = holding;
    if (!holding) {
      List<Pending> release;
      synchronized (held) {
        release = new ArrayList<>(held);
        held.clear();
      }
      for (Pending p : release) {
        answer(p.bodies, p.future);
      }
    }
  }

  /** Answers every request {@code roundTrip} after it was sent, as a queue in another region does. */
  public void roundTrip(java.time.Duration roundTrip) {
    this.roundTripNanos = roundTrip.toNanos();
  }

  /** Fails the next {@code n} requests, then stores again. */
  public void failNext(int n) {
    failNext.set(n);
  }

  /**
   * Rejects the first entry of each of the next {@code n} requests with SQS's error {@code code} (the other entries
   * are stored), blaming the sender or not as SQS does for that code.
   */
  public void rejectNext(int n, String code, boolean senderFault) {
    rejectCode = code;
    rejectSenderFault = senderFault;
    rejectNext.set(n);
  }

  /** The most requests that were in flight at once. */
  public int maxInFlight() {
    return maxInFlight.get();
  }

  public boolean closed() {
    return closed;
  }

  @Override
  public CompletableFuture<BatchOutcome> send(List<String> bodies) {
    if (bodies.isEmpty() || bodies.size() > 10) {
      throw new IllegalArgumentException("batch of " + bodies.size());
    }
    int total = bodies.stream().mapToInt(String::length).sum();
    if (total > 262_144) {
      throw new IllegalArgumentException("batch of " + total + " bytes");
    }
    requests.add(List.copyOf(bodies));
    CompletableFuture<BatchOutcome> future = new CompletableFuture<>();
    if (holding) {
      synchronized (held) {
        held.add(new Pending(List.copyOf(bodies), future));
      }
      return future;
    }
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    future.whenComplete((r, e) -> inFlight.decrementAndGet());
    boolean failThis = failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    List<String> copy = List.copyOf(bodies);
    if (roundTripNanos > 0) {
      WAN.schedule(() -> answer(copy, future, failThis), roundTripNanos, TimeUnit.NANOSECONDS);
    } else {
      answer(copy, future, failThis);
    }
    return future;
  }

  private void answer(List<String> bodies, CompletableFuture<BatchOutcome> future) {
    answer(bodies, future, false);
  }

  private void answer(List<String> bodies, CompletableFuture<BatchOutcome> future, boolean failThis) {
    if (failing || failThis) {
      failedRequests.incrementAndGet();
      // complete on another thread, as the SDK does
      CompletableFuture.runAsync(() -> future.completeExceptionally(new IOException("queue unreachable")));
      return;
    }
    if (rejectNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      stored.addAll(bodies.subList(1, bodies.size()));
      BatchOutcome outcome = new BatchOutcome(List.of(new BatchOutcome.Failure(0, rejectSenderFault, rejectCode)));
      CompletableFuture.runAsync(() -> future.complete(outcome));
      return;
    }
    stored.addAll(bodies);
    CompletableFuture.runAsync(() -> future.complete(BatchOutcome.ALL_SENT));
  }

  @Override
  public void close() {
    closed = true;
  }
}
