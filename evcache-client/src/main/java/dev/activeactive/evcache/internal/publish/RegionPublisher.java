package dev.activeactive.evcache.internal.publish;

import dev.activeactive.evcache.internal.pack.MessagePacker;
import dev.activeactive.evcache.internal.pack.PackedMessage;
import dev.activeactive.evcache.internal.pack.SendBatches;
import dev.activeactive.evcache.internal.spool.DiskSpool;
import dev.activeactive.evcache.internal.spool.SpoolFullException;
import dev.activeactive.evcache.internal.spool.WriteAheadJournal;
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
 * spool, and the spool is replayed in order by a {@link SpoolReplay}: several full requests in flight, each
 * record acknowledged once SQS stored it and everything before it. While records wait in the spool, partly
 * filled messages are not cut (they would only make the backlog longer in requests); once the replay has sent
 * everything, the publisher returns to direct mode, and the last replay requests complete beside direct ones
 * (the relay applies by version, so their order of arrival does not matter). Delivery is at least once: a replayed
 * batch that partly failed is sent again whole, and the relay's conditional apply makes duplicates harmless.
 *
 * <p><b>Write-ahead journal</b> (with a spool): {@link #enqueue} appends each operation to a
 * {@link WriteAheadJournal} before handing it over, and so before the caller's write completes; the journal's
 * watermark follows the lowest journal ordinal still in memory (packer, ready, in flight), so after a kill -9 the
 * next publisher on the same directory publishes what this one had neither delivered nor spooled.
 *
 * <p>Every change of {@link PublisherMode} is made in {@link #decideMode()}.
 *
 * <p>Without a spool, failed messages stay in memory (at the head of the line) and are retried; the buffer then
 * fills up and writers meet the overflow policy.
 */
final class RegionPublisher {

  private static final Logger log = LoggerFactory.getLogger(RegionPublisher.class);
  private static final long IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
  private static final long WATERMARK_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

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
  private final WriteAheadJournal journal;
  private long lastMark = -1; // guarded by journal: the ordinal handed out last
  private long journalFailures; // guarded by journal
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
  private volatile Throwable failure;
  private final java.util.concurrent.atomic.AtomicInteger enqueuers = new java.util.concurrent.atomic.AtomicInteger();

  // ---- confined to the publisher thread ----
  private final ArrayDeque<PackedMessage> ready = new ArrayDeque<>();
  private final Map<Long, List<PackedMessage>> inFlight = new HashMap<>();
  private final List<CompletableFuture<Void>> flushes = new ArrayList<>();
  private final SpoolReplay replay;
  private PublisherMode mode = PublisherMode.DIRECT;
  private volatile PublisherMode visibleMode = PublisherMode.DIRECT;
  private boolean closeRequested;
  private long nextBatchId;
  private long firstPendingNanos = -1;
  private long retryAtNanos = System.nanoTime();
  private int consecutiveFailures;
  private boolean requestFailed; // since the last decideMode: a failed request starts spooling
  private long closeDeadlineNanos;
  private long acceptedMark = -1;
  private long watermarkCheckedNanos = System.nanoTime();

  RegionPublisher(String region, SqsSender sender, MessagePacker packer, PublisherSettings settings,
      DiskSpool spool, PublisherListener listener) {
    this(region, sender, packer, settings, spool, null, listener);
  }

  RegionPublisher(String region, SqsSender sender, MessagePacker packer, PublisherSettings settings,
      DiskSpool spool, WriteAheadJournal journal, PublisherListener listener) {
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
    this.journal = journal;
    this.backoff = new Backoff(settings.retryBackoff().toNanos(), settings.maxRetryBackoff().toNanos());
    this.listener = Objects.requireNonNull(listener, "listener");
    this.replay = spool == null ? null
        : new SpoolReplay(region, spool, this::send, this::signal, listener, packer::operationsIn);
    if (spool != null && !spool.isEmpty()) {
      mode = PublisherMode.SPOOLING;
      visibleMode = mode;
      log.info("publisher for region {} found {} spooled messages from an earlier run; replaying them first",
          region, spool.pendingRecords());
    }
    this.spoolBytes = spool == null ? 0 : spool.sizeBytes();
    if (journal != null) {
      for (WriteAheadJournal.Recovered r : journal.recovered()) {
        int size = packer.operationBytes(r.operation());
        budget.forceAcquire(size);
        queuedOperations.increment();
        events.add(new Enqueued(r.operation(), size, r.ordinal()));
        lastMark = r.ordinal();
      }
      lastMark = Math.max(lastMark, journal.watermark());
      acceptedMark = journal.watermark();
    }
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

  /** The error that stopped the publisher thread, or {@code null}. */
  Throwable failure() {
    return failure;
  }

  /** The current mode (read from any thread; the publisher thread changes it). */
  PublisherMode mode() {
    return visibleMode;
  }

  /**
   * Queues an operation whose {@code size} bytes the caller has acquired from {@link #budget()}.
   *
   * @return false if this publisher no longer accepts operations (closed, or its thread died); the caller still
   *     holds the bytes and must release them
   */
  boolean enqueue(Operation op, int size) {
    enqueuers.incrementAndGet();
    try {
      if (!accepting) {
        return false;
      }
      queuedOperations.increment();
      if (journal == null) {
        events.add(new Enqueued(op, size, MessagePacker.NO_MARK));
      } else {
        journalThenHandOver(op, size);
      }
    } finally {
      enqueuers.decrementAndGet();
    }
    long inbound = inboundBytes.addAndGet(size);
    boolean firstOfWindow = !armed.get() && armed.compareAndSet(false, true);
    if (!packing || lingerNanos == 0 || inbound >= wakeBytes || firstOfWindow) {
      wake();
    }
    return true;
  }

  /**
   * Appends to the journal and hands over under the journal's monitor, so that the publisher thread sees the
   * operations in ordinal order (which the watermark relies on).
   */
  private void journalThenHandOver(Operation op, int size) {
    synchronized (journal) {
      long mark;
      try {
        mark = journal.append(op);
        journalFailures = 0;
      } catch (IOException | RuntimeException e) {
        // the operation still goes out from memory; only a crash before then would lose it
        if (journalFailures++ % 10_000 == 0) {
          log.error("cannot journal an operation for region {} ({}); it is published from memory only, so a"
              + " crash before it is sent loses it ({} such operations in a row)", region, e, journalFailures);
        }
        mark = lastMark; // holds the watermark below it, keeps marks increasing
      }
      lastMark = mark;
      events.add(new Enqueued(op, size, mark));
    }
  }

  /**
   * Stops accepting and waits for writers inside {@link #enqueue}: after this, every accepted operation is in
   * {@link #events} and every refused one was told so.
   */
  private void stopAccepting() {
    accepting = false;
    while (enqueuers.get() > 0) {
      Thread.onSpinWait();
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
        if (mode == PublisherMode.CLOSING && (idle() || allSpooled() || System.nanoTime() - closeDeadlineNanos >= 0)) {
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
      failure = e;
      mode = PublisherMode.FAILED;
      visibleMode = mode;
      log.error("publisher for region {} stopped on an unexpected error; it accepts no more operations and"
          + " writes fail until the client is restarted", region, e);
      try {
        finishClose();
      } catch (RuntimeException | Error again) {
        e.addSuppressed(again);
        terminated.complete(null);
      }
      // not rethrown: the error is logged above and shows in the mode; an uncaught error would only reach the
      // default handler (which test runners treat as a crash of the whole JVM)
    }
  }

  private long nextWakeNanos() {
    long now = System.nanoTime();
    long wake = now + IDLE_WAIT_NANOS;
    if (!packer.isEmpty() && canCutPartial()) {
      wake = Math.min(wake, firstPendingNanos + lingerNanos);
    }
    boolean waitingForRetry = !ready.isEmpty() || (replay != null && !replay.caughtUp());
    if (waitingForRetry && retryAtNanos - now > 0) {
      wake = Math.min(wake, retryAtNanos);
    }
    if (mode == PublisherMode.CLOSING) {
      wake = Math.min(wake, closeDeadlineNanos);
    }
    return wake;
  }

  private void handle(Object event) {
    if (event instanceof Enqueued e) {
      inboundBytes.addAndGet(-e.size);
      accept(e.op, e.size, e.mark);
    } else if (event instanceof SendDone done) {
      onSendDone(done);
    } else if (event instanceof SpoolReplay.Done done) {
      onReplayDone(done);
    } else if (event instanceof Flush f) {
      flushes.add(f.done);
    } else if (event == Close.INSTANCE && !closeRequested) {
      closeRequested = true;
      closeDeadlineNanos = System.nanoTime() + closeTimeoutNanos;
    }
  }

  private void accept(Operation op, int size, long mark) {
    long before = packer.pendingOperationBytes();
    MessagePacker.AddResult result = packer.add(op, mark);
    if (mark != MessagePacker.NO_MARK) {
      acceptedMark = mark;
    }
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
    decideMode();
    cutMessages(now);
    if (toSpool()) {
      spoolReady();
    }
    if (replay != null && now - retryAtNanos >= 0) {
      try {
        replay.pump(maxInFlight);
      } catch (IOException e) {
        log.error("cannot read region {}'s spool", region, e);
        replay.rewind();
        failed();
      }
    }
    if (!toSpool()) {
      while (inFlight.size() + replayInFlight() < maxInFlight && !ready.isEmpty() && now - retryAtNanos >= 0) {
        sendDirect(takeBatch());
      }
    }
    if (spool != null) {
      spoolBytes = spool.sizeBytes();
    }
    decideMode();
    if (journal != null && (now - watermarkCheckedNanos >= WATERMARK_INTERVAL_NANOS || idle())) {
      watermarkCheckedNanos = now;
      advanceJournal();
    }
    if (!flushes.isEmpty() && idle()) {
      flushes.forEach(f -> f.complete(null));
      flushes.clear();
    }
  }

  /** The one place that changes {@link #mode}. */
  private void decideMode() {
    PublisherMode next = mode;
    if (closeRequested && mode.accepting()) {
      next = PublisherMode.CLOSING;
    } else if (mode == PublisherMode.DIRECT && spool != null
        && (requestFailed || consecutiveFailures > 0 || budget.used() > spillThreshold)) {
      next = PublisherMode.SPOOLING;
    } else if (mode == PublisherMode.SPOOLING && consecutiveFailures == 0 && replay.caughtUp() && ready.isEmpty()
        && budget.used() <= spillThreshold) {
      next = PublisherMode.DIRECT;
    }
    boolean failure = requestFailed;
    requestFailed = false;
    if (next != mode) {
      changeMode(next, failure);
    }
  }

  private void changeMode(PublisherMode next, boolean afterFailure) {
    PublisherMode previous = mode;
    mode = next;
    visibleMode = next;
    if (next == PublisherMode.SPOOLING) {
      log.warn("publisher for region {} is spooling to disk ({}) until its queue catches up", region,
          afterFailure || consecutiveFailures > 0 ? "a request failed" : budget.used() + " bytes buffered, more than half its buffer");
      ready.addAll(packer.drainAll());
      firstPendingNanos = -1;
    } else if (next == PublisherMode.DIRECT && previous == PublisherMode.SPOOLING) {
      log.info("publisher for region {} has replayed its spool; sending directly again", region);
    }
  }

  /** Whether messages go to the spool rather than straight to the queue. */
  private boolean toSpool() {
    if (spool == null) {
      return false;
    }
    return mode == PublisherMode.SPOOLING
        || (mode == PublisherMode.CLOSING && (consecutiveFailures > 0 || !replay.caughtUp()));
  }

  private int replayInFlight() {
    return replay == null ? 0 : replay.inFlight();
  }

  private void cutMessages(long now) {
    if (packer.isEmpty()) {
      return;
    }
    if (packer.hasFullMessage()) {
      ready.addAll(packer.drainFull());
    }
    boolean lingered = now - firstPendingNanos >= lingerNanos;
    boolean urgent = mode == PublisherMode.CLOSING || !flushes.isEmpty();
    if (!packer.isEmpty() && (urgent || (lingered && canCutPartial()))) {
      ready.addAll(packer.drainAll());
    }
    firstPendingNanos = packer.isEmpty() ? -1 : firstPendingNanos;
  }

  /**
   * Whether a partly filled message could go anywhere now. While every request slot is busy (or sends wait for a
   * retry), keep packing: the message only gets fuller, and it could not be sent earlier anyway. While records
   * wait in the spool, a partial message would only lengthen the backlog.
   */
  private boolean canCutPartial() {
    if (toSpool()) {
      return replay.caughtUp() && replay.inFlight() < maxInFlight && System.nanoTime() - retryAtNanos >= 0;
    }
    return inFlight.size() + replayInFlight() < maxInFlight && ready.isEmpty();
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
        if (SenderFaults.permanent(f)) {
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
  }

  /**
   * Moves the journal's watermark to just below the lowest ordinal still held in memory (everything accepted
   * before it is delivered or spooled), or to the last accepted ordinal when nothing is held.
   */
  private void advanceJournal() {
    long low = packer.firstPendingMark();
    for (PackedMessage m : ready) {
      low = Math.min(low, m.firstMark());
    }
    for (List<PackedMessage> batch : inFlight.values()) {
      for (PackedMessage m : batch) {
        low = Math.min(low, m.firstMark());
      }
    }
    long watermark = low == MessagePacker.NO_MARK ? acceptedMark : low - 1;
    try {
      journal.advance(watermark);
    } catch (IOException e) {
      log.warn("cannot record region {}'s journal watermark ({}); a restart may publish some operations twice",
          region, e.toString());
    }
  }

  private void failed() {
    requestFailed = true;
    consecutiveFailures++;
    retryAtNanos = System.nanoTime() + backoff.delayNanos(consecutiveFailures);
  }

  private void spoolReady() {
    // Wait for the answers to requests in flight, so that failed ones are spooled in their place; unless memory is
    // running out (a queue that is slow rather than down), when order is worth less than accepting writes.
    if (!inFlight.isEmpty() && budget.used() <= spillThreshold && mode != PublisherMode.CLOSING) {
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

  private void onReplayDone(SpoolReplay.Done done) {
    SpoolReplay.Result result;
    try {
      result = replay.onDone(done);
    } catch (IOException e) {
      log.error("cannot acknowledge region {}'s spool; its records may be sent again", region, e);
      return;
    }
    if (result == SpoolReplay.Result.FAILED) {
      failed();
      log.debug("replaying region {}'s spool failed; retrying after backoff", region);
    } else if (result == SpoolReplay.Result.DELIVERED) {
      consecutiveFailures = 0;
    }
  }

  /**
   * Whether everything not yet delivered is safe in the spool while the queue is failing: then closing need not
   * wait for the queue (the next client started on the spool replays it).
   */
  private boolean allSpooled() {
    return toSpool() && consecutiveFailures > 0 && packer.isEmpty() && ready.isEmpty() && inFlight.isEmpty()
        && replay.inFlight() == 0 && events.isEmpty();
  }

  private boolean idle() {
    return packer.isEmpty() && ready.isEmpty() && inFlight.isEmpty() && (replay == null || replay.drained())
        && events.isEmpty();
  }

  private void release(PackedMessage m) {
    budget.release(m.operationBytes());
    queuedOperations.add(-m.operationCount());
  }

  private void finishClose() {
    stopAccepting();
    Object event;
    while ((event = events.poll()) != null) {
      if (event instanceof Enqueued e) {
        inboundBytes.addAndGet(-e.size);
        accept(e.op, e.size, e.mark);
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
    if (journal != null) {
      // before the unsent are dropped: they stay in the journal, and the next client on this spool sends them
      advanceJournal();
      try {
        journal.close();
      } catch (IOException e) {
        log.error("cannot close region {}'s journal; a restart may publish some operations twice", region, e);
      }
    }
    for (PackedMessage m : ready) {
      lost += m.operationCount();
      release(m);
    }
    ready.clear();
    if (lost > 0 && journal != null) {
      log.error("publisher for region {} closed with {} operations undelivered and not spooled; they stay in its"
          + " journal, and the next client started on this spool directory publishes them", region, lost);
      listener.dropped(region, "closed", lost);
    } else if (lost > 0) {
      log.error("publisher for region {} closed with {} operations undelivered and not spooled; they are lost"
          + " (that region may serve stale entries until they expire)", region, lost);
      listener.dropped(region, "closed", lost);
    }
    flushes.forEach(f -> f.complete(null));
    flushes.clear();
    sender.close();
    if (mode != PublisherMode.FAILED) {
      mode = PublisherMode.CLOSED;
      visibleMode = mode;
    }
    terminated.complete(null);
  }

  private static String describe(Throwable error) {
    Throwable t = error;
    while (t.getCause() != null && t != t.getCause()) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }

  private record Enqueued(Operation op, int size, long mark) {}

  private record SendDone(long batchId, BatchOutcome outcome, Throwable error) {}

  private record Flush(CompletableFuture<Void> done) {}

  private enum Close { INSTANCE }
}
