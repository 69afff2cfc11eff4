package dev.activeactive.evcache.internal.publish;

import dev.activeactive.evcache.internal.pack.SendBatches;
import dev.activeactive.evcache.internal.spool.DiskSpool;
import dev.activeactive.evcache.internal.spool.SpoolEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays one region's spool in order with several {@code SendMessageBatch} requests in flight, each as full as
 * SQS allows (ten records or 256 KiB). At a WAN round trip one request at a time cannot keep up with the writes;
 * a pipeline of {@code maxInFlight} drains at {@code maxInFlight} times that.
 *
 * <p>Records are acknowledged in spool order: a request's records only once it and every request before it
 * succeeded. A failed request rewinds the spool to the first unacknowledged record and starts a new epoch;
 * answers to requests of an older epoch are then ignored (their records are sent again: at least once).
 *
 * <p>Confined to the publisher thread; answers come back through {@code signal} as {@link Done} events.
 */
final class SpoolReplay {

  private static final Logger log = LoggerFactory.getLogger(SpoolReplay.class);

  /** What happened to a replay request, as far as the publisher's mode is concerned. */
  enum Result { DELIVERED, FAILED, STALE }

  private final String region;
  private final DiskSpool spool;
  private final Function<List<String>, CompletableFuture<BatchOutcome>> send;
  private final Consumer<Object> signal;
  private final PublisherListener listener;
  private final ToIntFunction<String> operationsIn;
  private final ArrayDeque<Batch> outstanding = new ArrayDeque<>();
  private long epoch;

  SpoolReplay(String region, DiskSpool spool, Function<List<String>, CompletableFuture<BatchOutcome>> send,
      Consumer<Object> signal, PublisherListener listener, ToIntFunction<String> operationsIn) {
    this.operationsIn = operationsIn;
    this.region = region;
    this.spool = spool;
    this.send = send;
    this.signal = signal;
    this.listener = listener;
  }

  /** Requests sent and not yet answered (of the current epoch). */
  int inFlight() {
    return outstanding.size();
  }

  /** Whether every record in the spool has been sent (or acknowledged): nothing is waiting to be replayed. */
  boolean caughtUp() {
    return spool.unreadRecords() == 0;
  }

  /** Whether nothing is in the spool, sent or not. */
  boolean drained() {
    return spool.isEmpty() && outstanding.isEmpty();
  }

  /**
   * Sends requests until {@code slots} are in flight or everything is sent.
   *
   * @throws IOException if the spool cannot be read
   */
  void pump(int slots) throws IOException {
    while (outstanding.size() < slots && spool.unreadRecords() > 0) {
      List<SpoolEntry> entries = spool.read(SendBatches.SQS_MAX_ENTRIES, SendBatches.SQS_MAX_BATCH_BYTES);
      if (entries.isEmpty()) {
        return;
      }
      List<String> bodies = new ArrayList<>(entries.size());
      for (SpoolEntry entry : entries) {
        bodies.add(new String(entry.payload(), StandardCharsets.US_ASCII));
      }
      Batch batch = new Batch(epoch, entries.get(entries.size() - 1), bodies);
      outstanding.addLast(batch);
      send.apply(bodies).whenComplete((outcome, error) -> signal.accept(new Done(batch, outcome, error)));
    }
  }

  /** Handles the answer to a replay request. */
  Result onDone(Done done) throws IOException {
    Batch batch = done.batch;
    if (batch.epoch != epoch) {
      return Result.STALE;
    }
    // a request that failed, or an entry SQS may accept later (throttling, KMS), sends it all again
    boolean ok = done.error == null && done.outcome.failed().stream().allMatch(SenderFaults::permanent);
    listener.request(region, done.error == null && done.outcome.allSent());
    if (!ok) {
      rewind();
      return Result.FAILED;
    }
    for (BatchOutcome.Failure f : done.outcome.failed()) {
      if (f.index() >= 0 && f.index() < batch.bodies.size()) {
        int operations = operationsIn.applyAsInt(batch.bodies.get(f.index()));
        log.error("region {} rejected a spooled message of {} operations for good ({}); dropping it (that region"
            + " may serve stale entries for those keys until they expire)", region, operations, f.code());
        listener.dropped(region, "rejected", operations);
      }
    }
    batch.rejected = done.outcome.failed().size();
    batch.done = true;
    SpoolEntry acknowledge = null;
    int messages = 0;
    while (!outstanding.isEmpty() && outstanding.peekFirst().done) {
      Batch head = outstanding.pollFirst();
      acknowledge = head.last;
      messages += head.bodies.size() - head.rejected;
    }
    if (acknowledge != null) {
      spool.acknowledge(acknowledge);
      listener.delivered(region, messages, 0);
    }
    return Result.DELIVERED;
  }

  /** Forgets what is in flight and makes the next pump start at the first unacknowledged record. */
  void rewind() {
    epoch++;
    outstanding.clear();
    spool.rewind();
  }

  /** A replay request: its epoch, the last record it carries, its bodies. */
  private static final class Batch {
    final long epoch;
    final SpoolEntry last;
    final List<String> bodies;
    int rejected;
    boolean done;

    Batch(long epoch, SpoolEntry last, List<String> bodies) {
      this.epoch = epoch;
      this.last = last;
      this.bodies = bodies;
    }
  }

  /** The answer to a replay request. */
  record Done(Batch batch, BatchOutcome outcome, Throwable error) {}
}
