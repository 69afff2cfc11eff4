package dev.activeactive.evcache.internal.publish;

import dev.activeactive.evcache.internal.pack.MessagePacker;
import dev.activeactive.evcache.internal.pack.PackedMessage;
import dev.activeactive.evcache.internal.spool.DiskSpool;
import dev.activeactive.evcache.internal.spool.WriteAheadJournal;
import dev.activeactive.protocol.api.wire.Operation;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes to one remote region's queue. Writers hand it operations ({@link #enqueue}) after reserving room in
 * its {@link ByteBudget}; one thread of its own packs them, sends them, retries them and spools them
 * ({@link RegionWork}). Because all of that state is confined to that thread, nothing in it is locked, and a region
 * that is slow or unreachable holds up only its own thread.
 *
 * <p><b>Direct mode</b> (the normal case): operations are packed by a {@link MessagePacker}; a message is cut when
 * it is full, or when the oldest operation in it has lingered long enough and a request slot is free; messages go
 * out in {@code SendMessageBatch} requests of up to ten ({@link DirectSends}), at most {@code maxInFlightRequests}
 * at a time. A failed request is retried after an exponential backoff ({@link Retries}).
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
 * watermark follows the lowest journal mark still in memory (packer, ready, in flight), so after a kill -9 the
 * next publisher on the same directory publishes what this one had neither delivered nor spooled
 * ({@link JournalMarks}).
 *
 * <p>Without a spool, failed messages stay in memory (at the head of the line) and are retried; the buffer then
 * fills up and writers meet the overflow policy.
 */
final class RegionPublisher {

  private static final Logger log = LoggerFactory.getLogger(RegionPublisher.class);

  private final String region;
  private final boolean wakeEach;
  private final long wakeBytes;
  private final ByteBudget budget;
  private final JournalMarks journal; // null without a spool
  private final RegionWork work;

  // Writers hand over operations without waking the thread, except the first one of a linger window (which
  // starts the linger timer) and enough for a full message; control events always wake it. Waking it per
  // operation (a futex wake and a context switch each) cost more than everything else a write does.
  private final ConcurrentLinkedQueue<Object> events = new ConcurrentLinkedQueue<>();
  private final AtomicLong inboundBytes = new AtomicLong();
  private final AtomicBoolean armed = new AtomicBoolean();
  private volatile boolean parked;
  private final LongAdder queuedOperations = new LongAdder();
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();
  private final Thread thread;
  private volatile boolean accepting = true;
  private volatile Throwable failure;
  private final AtomicInteger enqueuers = new AtomicInteger();

  RegionPublisher(String region, SqsSender sender, MessagePacker packer, PublisherSettings settings,
      DiskSpool spool, PublisherListener listener) {
    this(region, sender, packer, settings, spool, null, listener);
  }

  RegionPublisher(String region, SqsSender sender, MessagePacker packer, PublisherSettings settings,
      DiskSpool spool, WriteAheadJournal journal, PublisherListener listener) {
    this.region = Objects.requireNonNull(region, "region");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(packer, "packer");
    Objects.requireNonNull(listener, "listener");
    this.wakeEach = !settings.packing() || settings.linger().isZero();
    this.wakeBytes = packer.capacityBytes();
    this.budget = new ByteBudget(settings.maxBufferBytes());
    this.journal = journal == null ? null : new JournalMarks(region, journal);
    Consumer<PackedMessage> release = m -> {
      budget.release(m.operationBytes());
      queuedOperations.add(-m.operationCount());
    };
    DirectSends direct = new DirectSends(region, sender, listener, this::signal, release);
    SpoolPump pump = spool == null ? null : new SpoolPump(region, spool,
        new SpoolReplay(region, spool, direct::send, this::signal, listener, packer::operationsIn), listener, release);
    boolean spooled = spool != null && !spool.isEmpty();
    if (spooled) {
      log.info("publisher for region {} found {} spooled messages from an earlier run; replaying them first",
          region, spool.pendingRecords());
    }
    this.work = new RegionWork(region, packer, settings, budget, queuedOperations, listener, sender, direct, pump,
        this.journal, spooled, release, events::isEmpty);
    if (this.journal != null) {
      for (WriteAheadJournal.Recovered r : this.journal.recovered()) {
        int size = packer.operationBytes(r.operation());
        budget.forceAcquire(size);
        queuedOperations.increment();
        events.add(new RegionWork.Enqueued(r.operation(), size, r.ordinal()));
        this.journal.recoveredUpTo(r.ordinal());
      }
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
    return work.spoolBytes();
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
    return work.mode();
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
        events.add(new RegionWork.Enqueued(op, size, MessagePacker.NO_MARK));
      } else {
        journal.append(op, mark -> events.add(new RegionWork.Enqueued(op, size, mark)));
      }
    } finally {
      enqueuers.decrementAndGet();
    }
    long inbound = inboundBytes.addAndGet(size);
    boolean firstOfWindow = !armed.get() && armed.compareAndSet(false, true);
    if (wakeEach || inbound >= wakeBytes || firstOfWindow) {
      wake();
    }
    return true;
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
    signal(new RegionWork.Flush(done));
    return done;
  }

  /** Stops accepting, delivers for up to the close timeout, spools or drops the rest. */
  CompletableFuture<Void> close() {
    accepting = false;
    signal(RegionWork.Close.INSTANCE);
    return terminated;
  }

  // ---- the publisher thread ----

  private void wake() {
    if (parked) {
      LockSupport.unpark(thread);
    }
  }

  /** Adds a control event (a send's outcome, a flush, the close) and wakes the thread. */
  private void signal(Object event) {
    events.add(event);
    wake();
  }

  private Object nextEvent() {
    Object event = events.poll();
    if (event instanceof RegionWork.Enqueued e) {
      inboundBytes.addAndGet(-e.size());
    }
    return event;
  }

  private void run() {
    try {
      while (true) {
        Object event;
        while ((event = nextEvent()) != null) {
          work.handle(event);
        }
        work.act();
        if (work.closeDue()) {
          finishClose();
          return;
        }
        if (work.packerEmpty()) {
          armed.set(false); // the next operation wakes this thread; checked against the queue just below
        }
        if (!events.isEmpty()) {
          continue;
        }
        long wait = work.nextWakeNanos() - System.nanoTime();
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
      work.failed();
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

  private void finishClose() {
    stopAccepting();
    work.finish(this::nextEvent);
    terminated.complete(null);
  }
}
