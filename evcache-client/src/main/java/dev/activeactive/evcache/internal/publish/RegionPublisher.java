package dev.activeactive.evcache.internal.publish;

import dev.activeactive.evcache.internal.pack.MessagePacker;
import dev.activeactive.evcache.internal.pack.PackedMessage;
import dev.activeactive.evcache.internal.pack.SendBatches;
import dev.activeactive.evcache.internal.spool.DiskSpool;
import dev.activeactive.evcache.internal.spool.SpoolEntry;
import dev.activeactive.evcache.internal.spool.SpoolFullException;
import dev.activeactive.protocol.api.wire.Operation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes to one remote region's queue. Writers hand it operations ({@link #enqueue}) after reserving room in
 * its {@link ByteBudget}; one thread of its own packs them, sends them, retries them and spools them. Because all
 * of that state is confined to that thread, nothing in it is locked, and a region that is slow or unreachable
 * holds up only its own thread.
 *
 * <p><b>Direct mode</b> (the normal case): operations are packed by a {@link MessagePacker}; a message is cut when
 * it is full, or when the oldest operation in it has lingered long enough and a request slot is free; messages go
 * out in {@code SendMessageBatch} requests of up to ten ({@link SendBatches}), at most {@code maxInFlightRequests}
 * at a time. A failed request is retried after an exponential backoff.
 *
 * <p><b>Spooling mode</b> (only with a spool): entered when a request fails, or when the memory buffer is more
 * than half full (the queue is slower than the writes). From then on every message is appended to the on-disk
 * spool, and the spool is replayed in order, one request at a time, acknowledging each record once SQS stored it.
 * Once the spool is empty again, the publisher returns to direct mode. Delivery is at least once: a replayed batch
 * that partly failed is sent again whole, and the relay's conditional apply makes duplicates harmless.
 *
 * <p>Without a spool, failed messages stay in memory (at the head of the line) and are retried; the buffer then
 * fills up and writers meet the overflow policy.
 */
final class RegionPublisher {

  private static final Logger log = LoggerFactory.getLogger(RegionPublisher.class);
  private static final long IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  private final String region;
  private final SqsSender sender;
  private final MessagePacker packer;
  private final boolean packing;
  private final long lingerNanos;
  private final int maxInFlight;
  private final int maxBatchBytes;
  private final long closeTimeoutNanos;
  private final ByteBudget budget;
  private final long spillThreshold;
  private final DiskSpool spool;
  private final Backoff backoff;
  private final PublisherListener listener;

  // Writers hand over operations without waking this thread, except the first one of a linger window (which
  // starts the linger timer) and enough for a full message; control events always wake it. Waking it per
  // operation (a futex wake and a context switch each) cost more than everything else a write does.
  private final ConcurrentLinkedQueue<Object> events = new ConcurrentLinkedQueue<>();
  private final AtomicLong inboundBytes = new AtomicLong();
  private final AtomicBoolean armed = new AtomicBoolean();
  private final long wakeBytes;
  private volatile boolean parked;
  private final LongAdder queuedOperations = new LongAdder();
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();
  private final Thread thread;
  private volatile long spoolBytes;
  private volatile boolean accepting = true;

  // ---- confined to the publisher thread ----
  private final ArrayDeque<PackedMessage> ready = new ArrayDeque<>();
  private final Map<Long, List<PackedMessage>> inFlight = new HashMap<>();
  private final List<CompletableFuture<Void>> flushes = new ArrayList<>();
  private long nextBatchId;
  private long firstPendingNanos = -1;
  private boolean spooling;
  private boolean replayInFlight;
  private long retryAtNanos = System.nanoTime();
  private int consecutiveFailures;
  private boolean closing;
  private long closeDeadlineNanos;

  RegionPublisher(String region, SqsSender sender, MessagePacker packer, PublisherSettings settings,
      DiskSpool spool, PublisherListener listener) {
    this.region = Objects.requireNonNull(region, "region");
    this.sender = Objects.requireNonNull(sender, "sender");
    this.packer = Objects.requireNonNull(packer, "packer");
    this.packing = settings.packing();
    this.lingerNanos = settings.linger().toNanos();
    this.maxInFlight = settings.maxInFlightRequests();
    this.maxBatchBytes = SendBatches.SQS_MAX_BATCH_BYTES;
    this.closeTimeoutNanos = settings.closeTimeout().toNanos();
    this.budget = new ByteBudget(settings.maxBufferBytes());
    this.spillThreshold = settings.maxBufferBytes() / 2;
    this.wakeBytes = packer.capacityBytes();
    this.spool = spool;
    this.backoff = new Backoff(settings.retryBackoff().toNanos(), settings.maxRetryBackoff().toNanos());
    this.listener = Objects.requireNonNull(listener, "listener");
    if (spool != null && !spool.isEmpty()) {
      spooling = true;
      log.info("publisher for region {} found {} spooled messages from an earlier run; replaying them first",
          region, spool.pendingRecords());
    }
    this.spoolBytes = spool == null ? 0 : spool.sizeBytes();
    this.thread = new Thread(this::run, "evcache-publisher-" + region);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  String region() {
    return region;
  }

  ByteBudget budget() {
    return budget;
  }

  /** Operations accepted and not yet delivered or spooled (the publish queue depth). */
  long queuedOperations() {
    return queuedOperations.sum();
  }

  /** Bytes of operations held in memory. */
  long bufferedBytes() {
    return budget.used();
  }

  /** Bytes the spool takes on disk (0 without a spool). */
  long spoolBytes() {
    return spoolBytes;
  }

  boolean accepting() {
    return accepting;
  }

  /** Queues an operation whose {@code size} bytes the caller has acquired from {@link #budget()}. */
  void enqueue(Operation op, int size) {
    queuedOperations.increment();
    events.add(new Enqueued(op, size));
    long inbound = inboundBytes.addAndGet(size);
    boolean firstOfWindow = !armed.get() && armed.compareAndSet(false, true);
    if (!packing || lingerNanos == 0 || inbound >= wakeBytes || firstOfWindow) {
      wake();
    }
  }

  CompletableFuture<Void> flush() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (terminated.isDone()) {
      done.complete(null);
      return done;
    }
    events.add(new Flush(done));
    wake();
    return done;
  }

  /** Stops accepting, delivers for up to the close timeout, spools or drops the rest. */
  CompletableFuture<Void> close() {
    accepting = false;
    events.add(Close.INSTANCE);
    wake();
    return terminated;
  }

  // ---- the publisher thread ----

  private void wake() {
    if (parked) {
      LockSupport.unpark(thread);
    }
  }

  /** Adds a control event (a send's outcome) and wakes the thread. */
  private void signal(Object event) {
    events.add(event);
    wake();
  }

  private void run() {
    try {
      while (true) {
        Object event;
        while ((event = events.poll()) != null) {
          handle(event);
        }
        act();
        if (closing && (idle() || allSpooled() || System.nanoTime() - closeDeadlineNanos >= 0)) {
          finishClose();
          return;
        }
        if (packer.isEmpty()) {
          armed.set(false); // the next operation wakes this thread; checked against the queue just below
        }
        if (!events.isEmpty()) {
          continue;
        }
        long wait = nextWakeNanos() - System.nanoTime();
        if (wait > 0) {
          parked = true;
          if (events.isEmpty()) {
            LockSupport.parkNanos(this, wait);
          }
          parked = false;
        }
        if (Thread.interrupted()) {
          finishClose();
          return;
        }
      }
    } catch (RuntimeException | Error e) {
      log.error("publisher for region {} stopped on an unexpected error", region, e);
      accepting = false;
      finishClose();
      throw e;
    }
  }

  private long nextWakeNanos() {
    long now = System.nanoTime();
    long wake = now + IDLE_WAIT_NANOS;
    if (!packer.isEmpty() && canCutPartial()) {
      wake = Math.min(wake, firstPendingNanos + lingerNanos);
    }
    boolean waitingForRetry = !ready.isEmpty() || (spooling && spool != null && !spool.isEmpty());
    if (waitingForRetry && retryAtNanos - now > 0) {
      wake = Math.min(wake, retryAtNanos);
    }
    if (closing) {
      wake = Math.min(wake, closeDeadlineNanos);
    }
    return wake;
  }

  private void handle(Object event) {
    if (event instanceof Enqueued e) {
      inboundBytes.addAndGet(-e.size);
      accept(e.op, e.size);
    } else if (event instanceof SendDone done) {
      onSendDone(done);
    } else if (event instanceof ReplayDone done) {
      onReplayDone(done);
    } else if (event instanceof Flush f) {
      flushes.add(f.done);
    } else if (event == Close.INSTANCE && !closing) {
      closing = true;
      closeDeadlineNanos = System.nanoTime() + closeTimeoutNanos;
    }
  }

  private void accept(Operation op, int size) {
    long before = packer.pendingOperationBytes();
    MessagePacker.AddResult result = packer.add(op);
    long added = packer.pendingOperationBytes() - before;
    budget.release(size - added); // what coalescing saved
    if (result != MessagePacker.AddResult.ADDED) {
      queuedOperations.decrement();
      listener.coalesced(region);
    }
    if (!packing) {
      ready.addAll(packer.drainAll());
      firstPendingNanos = -1;
    } else if (firstPendingNanos < 0) {
      firstPendingNanos = System.nanoTime();
    }
  }

  private void act() {
    long now = System.nanoTime();
    cutMessages(now);
    if (spool != null && !spooling && budget.used() > spillThreshold) {
      spooling = true;
      log.warn("publisher for region {} holds {} bytes, more than half its buffer; spooling to disk until the"
          + " queue catches up", region, budget.used());
      ready.addAll(packer.drainAll());
      firstPendingNanos = -1;
    }
    if (spooling) {
      spoolReady();
      if (!replayInFlight && now - retryAtNanos >= 0 && !spool.isEmpty()) {
        startReplay();
      }
      if (spool.isEmpty() && ready.isEmpty() && !replayInFlight && inFlight.isEmpty()) {
        spooling = false;
        log.info("publisher for region {} has replayed its spool; sending directly again", region);
      }
      spoolBytes = spool.sizeBytes();
    } else {
      while (inFlight.size() < maxInFlight && !ready.isEmpty() && now - retryAtNanos >= 0) {
        sendDirect(takeBatch());
      }
    }
    if (!flushes.isEmpty() && idle()) {
      flushes.forEach(f -> f.complete(null));
      flushes.clear();
    }
  }

  private void cutMessages(long now) {
    if (packer.isEmpty()) {
      return;
    }
    if (packer.hasFullMessage()) {
      ready.addAll(packer.drainFull());
    }
    boolean lingered = now - firstPendingNanos >= lingerNanos;
    boolean urgent = closing || !flushes.isEmpty();
    if (!packer.isEmpty() && (urgent || (lingered && canCutPartial()))) {
      ready.addAll(packer.drainAll());
    }
    firstPendingNanos = packer.isEmpty() ? -1 : firstPendingNanos;
  }

  /**
   * Whether a partly filled message could go anywhere now. While every request slot is busy (or sends wait for a
   * retry), keep packing: the message only gets fuller, and it could not be sent earlier anyway.
   */
  private boolean canCutPartial() {
    return spooling || (inFlight.size() < maxInFlight && ready.isEmpty());
  }

  private List<PackedMessage> takeBatch() {
    List<PackedMessage> batch = new ArrayList<>();
    long bytes = 0;
    while (!ready.isEmpty() && batch.size() < SendBatches.SQS_MAX_ENTRIES) {
      PackedMessage next = ready.peekFirst();
      if (!batch.isEmpty() && bytes + next.bodyBytes() > maxBatchBytes) {
        break;
      }
      batch.add(ready.pollFirst());
      bytes += next.bodyBytes();
    }
    return batch;
  }

  private void sendDirect(List<PackedMessage> batch) {
    long id = nextBatchId++;
    inFlight.put(id, batch);
    List<String> bodies = batch.stream().map(PackedMessage::body).toList();
    send(bodies).whenComplete((outcome, error) -> signal(new SendDone(id, outcome, error)));
  }

  private CompletableFuture<BatchOutcome> send(List<String> bodies) {
    try {
      return sender.send(bodies);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void onSendDone(SendDone done) {
    List<PackedMessage> batch = inFlight.remove(done.batchId);
    if (batch == null) {
      return; // already spooled by a forced close
    }
    List<PackedMessage> retry = new ArrayList<>();
    int delivered = 0;
    long deliveredOps = 0;
    if (done.error != null) {
      retry.addAll(batch);
      log.warn("sending {} messages to region {} failed: {}", batch.size(), region, describe(done.error));
    } else {
      boolean[] failed = new boolean[batch.size()];
      for (BatchOutcome.Failure f : done.outcome.failed()) {
        if (f.index() < 0 || f.index() >= batch.size()) {
          continue;
        }
        failed[f.index()] = true;
        PackedMessage m = batch.get(f.index());
        if (f.senderFault()) {
          // SQS will never accept it (the codec keeps bodies within the limits, so this is a bug); do not loop
          log.error("region {} rejected a message of {} operations for good ({}); dropping it", region,
              m.operationCount(), f.code());
          release(m);
          listener.dropped(region, "rejected", m.operationCount());
        } else {
          retry.add(m);
        }
      }
      for (int i = 0; i < batch.size(); i++) {
        if (!failed[i]) {
          delivered++;
          deliveredOps += batch.get(i).operationCount();
          release(batch.get(i));
        }
      }
    }
    listener.request(region, retry.isEmpty() && done.error == null);
    if (delivered > 0) {
      listener.delivered(region, delivered, deliveredOps);
    }
    if (retry.isEmpty()) {
      consecutiveFailures = 0;
      return;
    }
    failed();
    // back to the head of the line, in publishing order (batches fail in any order)
    List<PackedMessage> merged = new ArrayList<>(retry);
    merged.addAll(ready);
    merged.sort(Comparator.comparingLong(PackedMessage::sequence));
    ready.clear();
    ready.addAll(merged);
    if (spool != null && !spooling) {
      spooling = true;
      log.warn("publisher for region {} is spooling to disk until its queue can be reached again", region);
    }
  }

  private void failed() {
    consecutiveFailures++;
    retryAtNanos = System.nanoTime() + backoff.delayNanos(consecutiveFailures);
  }

  private void spoolReady() {
    // Wait for the answers to requests in flight, so that failed ones are spooled in their place; unless memory is
    // running out (a queue that is slow rather than down), when order is worth less than accepting writes.
    if (!inFlight.isEmpty() && budget.used() <= spillThreshold && !closing) {
      return;
    }
    while (!ready.isEmpty()) {
      PackedMessage m = ready.peekFirst();
      try {
        spool.append(m.body().getBytes(StandardCharsets.US_ASCII));
      } catch (SpoolFullException e) {
        return; // stays in memory; the buffer fills and writers meet the overflow policy
      } catch (IOException e) {
        log.error("cannot write region {}'s spool; keeping messages in memory", region, e);
        return;
      }
      ready.pollFirst();
      release(m);
      listener.spooled(region, m.operationCount());
    }
  }

  private void startReplay() {
    List<SpoolEntry> entries;
    try {
      entries = spool.read(SendBatches.SQS_MAX_ENTRIES);
    } catch (IOException e) {
      log.error("cannot read region {}'s spool", region, e);
      spool.rewind();
      failed();
      return;
    }
    if (entries.isEmpty()) {
      return;
    }
    List<String> bodies = new ArrayList<>();
    long bytes = 0;
    SpoolEntry last = null;
    for (SpoolEntry entry : entries) {
      if (!bodies.isEmpty() && bytes + entry.payload().length > maxBatchBytes) {
        break;
      }
      bodies.add(new String(entry.payload(), StandardCharsets.US_ASCII));
      bytes += entry.payload().length;
      last = entry;
    }
    replayInFlight = true;
    SpoolEntry lastSent = last;
    send(bodies).whenComplete((outcome, error) -> signal(new ReplayDone(lastSent, bodies.size(), outcome,
        error)));
  }

  private void onReplayDone(ReplayDone done) {
    replayInFlight = false;
    boolean ok = done.error == null
        && done.outcome.failed().stream().allMatch(BatchOutcome.Failure::senderFault);
    listener.request(region, done.error == null && done.outcome.allSent());
    if (!ok) {
      spool.rewind();
      failed();
      log.debug("replaying region {}'s spool failed; retrying after backoff", region);
      return;
    }
    consecutiveFailures = 0;
    try {
      spool.acknowledge(done.last);
    } catch (IOException e) {
      log.error("cannot acknowledge region {}'s spool; its records may be sent again", region, e);
    }
    spool.rewind();
    listener.delivered(region, done.count, 0);
  }

  /**
   * Whether everything not yet delivered is safe in the spool while the queue is failing: then closing need not
   * wait for the queue (the next client started on the spool replays it).
   */
  private boolean allSpooled() {
    return spooling && consecutiveFailures > 0 && packer.isEmpty() && ready.isEmpty() && inFlight.isEmpty() && !replayInFlight
        && events.isEmpty();
  }

  private boolean idle() {
    return packer.isEmpty() && ready.isEmpty() && inFlight.isEmpty() && !replayInFlight
        && (spool == null || spool.isEmpty()) && events.isEmpty();
  }

  private void release(PackedMessage m) {
    budget.release(m.operationBytes());
    queuedOperations.add(-m.operationCount());
  }

  private void finishClose() {
    accepting = false;
    Object event;
    while ((event = events.poll()) != null) {
      if (event instanceof Enqueued e) {
        inboundBytes.addAndGet(-e.size);
        accept(e.op, e.size);
      } else if (event instanceof Flush f) {
        flushes.add(f.done);
      } else if (event instanceof SendDone done) {
        onSendDone(done);
      }
    }
    ready.addAll(packer.drainAll());
    // messages still in flight may or may not arrive; keeping them too errs on the side of duplicates
    for (List<PackedMessage> batch : inFlight.values()) {
      ready.addAll(batch);
    }
    inFlight.clear();
    List<PackedMessage> ordered = new ArrayList<>(ready);
    ordered.sort(Comparator.comparingLong(PackedMessage::sequence));
    ready.clear();
    ready.addAll(ordered);
    long lost = 0;
    if (spool != null) {
      spoolReady();
      try {
        spool.close();
      } catch (IOException e) {
        log.error("cannot close region {}'s spool", region, e);
      }
    }
    for (PackedMessage m : ready) {
      lost += m.operationCount();
      release(m);
    }
    ready.clear();
    if (lost > 0) {
      log.error("publisher for region {} closed with {} operations undelivered and not spooled; they are lost"
          + " (that region may serve stale entries until they expire)", region, lost);
      listener.dropped(region, "closed", lost);
    }
    flushes.forEach(f -> f.complete(null));
    flushes.clear();
    sender.close();
    terminated.complete(null);
  }

  private static String describe(Throwable error) {
    Throwable t = error;
    while (t.getCause() != null && t != t.getCause()) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }

  private record Enqueued(Operation op, int size) {}

  private record SendDone(long batchId, BatchOutcome outcome, Throwable error) {}

  private record ReplayDone(SpoolEntry last, int count, BatchOutcome outcome, Throwable error) {}

  private record Flush(CompletableFuture<Void> done) {}

  private enum Close { INSTANCE }
}
