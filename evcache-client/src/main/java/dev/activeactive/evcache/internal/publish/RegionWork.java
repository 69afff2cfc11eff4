package dev.activeactive.evcache.internal.publish;

import dev.activeactive.evcache.internal.pack.MessagePacker;
import dev.activeactive.evcache.internal.pack.PackedMessage;
import dev.activeactive.protocol.api.wire.Operation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a region's publisher thread does with the events {@link RegionPublisher} hands it: packing operations into
 * messages, deciding the {@link PublisherMode} (in {@link #decideMode()}, the one place that changes it), sending
 * directly ({@link DirectSends}) or through the spool ({@link SpoolPump}), moving the journal's watermark
 * ({@link JournalMarks}), and the close protocol. Confined to the publisher thread, so nothing here is locked.
 */
final class RegionWork {

  private static final Logger log = LoggerFactory.getLogger(RegionWork.class);
  private static final long IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
  private static final long WATERMARK_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  /** An operation a writer handed over, with its journal mark. */
  record Enqueued(Operation op, int size, long mark) {}

  /** A caller of {@code flush()} waiting for the publisher to be idle. */
  record Flush(CompletableFuture<Void> done) {}

  /** The request to close. */
  enum Close { INSTANCE }

  private final String region;
  private final Outbox outbox;
  private final int maxInFlight;
  private final long closeTimeoutNanos;
  private final ByteBudget budget;
  private final long spillThreshold;
  private final LongAdder queuedOperations;
  private final PublisherListener listener;
  private final SqsSender sender;
  private final DirectSends direct;
  private final SpoolPump spool; // null without a spool
  private final JournalMarks journal; // null without a spool
  private final Retries retries;
  private final Consumer<PackedMessage> release;
  private final BooleanSupplier noEvents;

  private final ArrayDeque<PackedMessage> ready;
  private final List<CompletableFuture<Void>> flushes = new ArrayList<>();
  private PublisherMode mode;
  private volatile PublisherMode visibleMode;
  private volatile long spoolBytes;
  private boolean closeRequested;
  private long closeDeadlineNanos;
  private long watermarkCheckedNanos = System.nanoTime();

  RegionWork(String region, MessagePacker packer, PublisherSettings settings, ByteBudget budget,
      LongAdder queuedOperations, PublisherListener listener, SqsSender sender, DirectSends direct, SpoolPump spool,
      JournalMarks journal, boolean spoolHasRecords, Consumer<PackedMessage> release, BooleanSupplier noEvents) {
    this.release = release;
    this.noEvents = noEvents;
    this.region = region;
    this.outbox = new Outbox(packer, settings.packing(), settings.linger().toNanos());
    this.ready = outbox.ready();
    this.maxInFlight = settings.maxInFlightRequests();
    this.closeTimeoutNanos = settings.closeTimeout().toNanos();
    this.budget = budget;
    this.spillThreshold = settings.maxBufferBytes() / 2;
    this.queuedOperations = queuedOperations;
    this.listener = listener;
    this.sender = sender;
    this.direct = direct;
    this.spool = spool;
    this.journal = journal;
    this.retries = new Retries(new Backoff(settings.retryBackoff().toNanos(), settings.maxRetryBackoff().toNanos()));
    this.mode = spoolHasRecords ? PublisherMode.SPOOLING : PublisherMode.DIRECT;
    this.visibleMode = mode;
    this.spoolBytes = spool == null ? 0 : spool.sizeBytes();
  }

  PublisherMode mode() {
    return visibleMode;
  }

  long spoolBytes() {
    return spoolBytes;
  }

  boolean packerEmpty() {
    return outbox.packerEmpty();
  }

  // ---- events ----

  void handle(Object event) {
    if (event instanceof Enqueued e) {
      accept(e);
    } else if (event instanceof DirectSends.Done done) {
      onSendDone(done);
    } else if (event instanceof SpoolReplay.Done done) {
      SpoolReplay.Result result = spool.onDone(done);
      if (result == SpoolReplay.Result.FAILED) {
        retries.failed();
        log.debug("replaying region {}'s spool failed; retrying after backoff", region);
      } else if (result == SpoolReplay.Result.DELIVERED) {
        retries.succeeded();
      }
    } else if (event instanceof Flush f) {
      flushes.add(f.done);
    } else if (event == Close.INSTANCE && !closeRequested) {
      closeRequested = true;
      closeDeadlineNanos = System.nanoTime() + closeTimeoutNanos;
    }
  }

  private void accept(Enqueued e) {
    long added = outbox.add(e.op, e.mark, result -> {
      if (result != MessagePacker.AddResult.ADDED) {
        queuedOperations.decrement();
        listener.coalesced(region);
      }
    });
    if (journal != null) {
      journal.accepted(e.mark);
    }
    budget.release(e.size - added); // what coalescing saved
  }

  private void onSendDone(DirectSends.Done done) {
    List<PackedMessage> retry = new ArrayList<>();
    DirectSends.Result result = direct.onDone(done, retry);
    if (result == DirectSends.Result.DELIVERED) {
      retries.succeeded();
    } else if (result == DirectSends.Result.FAILED) {
      retries.failed();
      outbox.requeue(retry); // back to the head of the line, in publishing order (batches fail in any order)
    }
  }

  // ---- one round of work ----

  void act() {
    long now = System.nanoTime();
    decideMode();
    outbox.cut(now, mode == PublisherMode.CLOSING || !flushes.isEmpty(), this::canCutPartial);
    if (toSpool()) {
      spoolReady();
    }
    if (spool != null && retries.mayRetry(now) && !spool.pump(maxInFlight)) {
      retries.failed();
    }
    if (!toSpool()) {
      while (direct.inFlight() + replayInFlight() < maxInFlight && !ready.isEmpty() && retries.mayRetry(now)) {
        direct.sendNext(ready);
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
    boolean failedNow = retries.takeFailedSinceDecision();
    PublisherMode next = ModeDecision.next(mode, closeRequested, spool != null, failedNow || retries.failing(),
        budget.used() > spillThreshold, spool == null || spool.caughtUp(), ready.isEmpty());
    if (next == mode) {
      return;
    }
    PublisherMode previous = mode;
    mode = next;
    visibleMode = next;
    if (next == PublisherMode.SPOOLING) {
      log.warn("publisher for region {} is spooling to disk ({}) until its queue catches up", region,
          failedNow || retries.failing() ? "a request failed"
              : budget.used() + " bytes buffered, more than half its buffer");
      outbox.cutAll();
    } else if (next == PublisherMode.DIRECT && previous == PublisherMode.SPOOLING) {
      log.info("publisher for region {} has replayed its spool; sending directly again", region);
    }
  }

  /** The publisher thread died: nothing is accepted any more. */
  void failed() {
    mode = PublisherMode.FAILED;
    visibleMode = mode;
  }

  /** Whether messages go to the spool rather than straight to the queue. */
  private boolean toSpool() {
    if (spool == null) {
      return false;
    }
    return mode == PublisherMode.SPOOLING
        || (mode == PublisherMode.CLOSING && (retries.failing() || !spool.caughtUp()));
  }

  private int replayInFlight() {
    return spool == null ? 0 : spool.inFlight();
  }

  /**
   * Whether a partly filled message could go anywhere now. While every request slot is busy (or sends wait for a
   * retry), keep packing: the message only gets fuller, and it could not be sent earlier anyway. While records
   * wait in the spool, a partial message would only lengthen the backlog.
   */
  private boolean canCutPartial() {
    if (toSpool()) {
      return spool.caughtUp() && spool.inFlight() < maxInFlight && retries.mayRetry(System.nanoTime());
    }
    return direct.inFlight() + replayInFlight() < maxInFlight && ready.isEmpty();
  }

  private void spoolReady() {
    // Wait for the answers to requests in flight, so that failed ones are spooled in their place; unless memory is
    // running out (a queue that is slow rather than down), when order is worth less than accepting writes.
    if (!direct.isEmpty() && budget.used() <= spillThreshold && mode != PublisherMode.CLOSING) {
      return;
    }
    spool.spool(ready);
  }

  /** Moves the journal's watermark to just below the lowest mark still held in memory. */
  private void advanceJournal() {
    journal.advance(direct.lowestMark(outbox.lowestMark()));
  }

  // ---- waiting and closing ----

  long nextWakeNanos() {
    long now = System.nanoTime();
    long wake = now + IDLE_WAIT_NANOS;
    if (!outbox.packerEmpty() && canCutPartial()) {
      wake = Math.min(wake, outbox.lingerDeadlineNanos());
    }
    boolean waitingForRetry = !ready.isEmpty() || (spool != null && !spool.caughtUp());
    if (waitingForRetry && !retries.mayRetry(now)) {
      wake = Math.min(wake, retries.retryAtNanos());
    }
    if (mode == PublisherMode.CLOSING) {
      wake = Math.min(wake, closeDeadlineNanos);
    }
    return wake;
  }

  /**
   * Whether the close can finish: everything delivered, or everything safe in the spool while the queue is failing
   * (the next client on the spool replays it), or the close timeout has passed.
   */
  boolean closeDue() {
    if (mode != PublisherMode.CLOSING) {
      return false;
    }
    boolean allSpooled = toSpool() && retries.failing() && outbox.isEmpty() && direct.isEmpty()
        && spool.inFlight() == 0 && noEvents.getAsBoolean();
    return idle() || allSpooled || System.nanoTime() - closeDeadlineNanos >= 0;
  }

  private boolean idle() {
    return outbox.isEmpty() && direct.isEmpty() && (spool == null || spool.drained())
        && noEvents.getAsBoolean();
  }

  /**
   * Ends the publisher: takes in the last events ({@code next} until null; no writer adds any now), spools what is
   * not delivered (with a spool), records the journal's watermark, counts and logs what is lost, and closes.
   */
  void finish(Supplier<Object> next) {
    Object event;
    while ((event = next.get()) != null) {
      if (event instanceof Enqueued e) {
        accept(e);
      } else if (event instanceof Flush f) {
        flushes.add(f.done);
      } else if (event instanceof DirectSends.Done done) {
        onSendDone(done);
      }
    }
    outbox.cutAll();
    outbox.requeue(direct.takeAll());
    if (spool != null) {
      spool.spool(ready);
      spool.close();
    }
    if (journal != null) {
      // before the unsent are dropped: they stay in the journal, and the next client on this spool sends them
      advanceJournal();
      journal.close();
    }
    long lost = 0;
    for (PackedMessage m : ready) {
      lost += m.operationCount();
      release.accept(m);
    }
    ready.clear();
    if (lost > 0) {
      log.error("publisher for region {} closed with {} operations undelivered and not spooled; {}", region, lost,
          journal != null ? "they stay in its journal, and the next client started on this spool directory"
              + " publishes them" : "they are lost (that region may serve stale entries until they expire)");
      listener.dropped(region, "closed", lost);
    }
    flushes.forEach(f -> f.complete(null));
    flushes.clear();
    sender.close();
    if (mode != PublisherMode.FAILED) {
      mode = PublisherMode.CLOSED;
      visibleMode = mode;
    }
  }

}
