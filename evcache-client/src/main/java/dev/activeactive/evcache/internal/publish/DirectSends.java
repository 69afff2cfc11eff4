package dev.activeactive.evcache.internal.publish;

import dev.activeactive.evcache.internal.pack.PackedMessage;
import dev.activeactive.evcache.internal.pack.SendBatches;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code SendMessageBatch} requests a region's publisher sends straight from memory: what is in flight, and
 * what each answer means (delivered, to send again, or rejected for good). Confined to the publisher thread;
 * answers come back through {@code signal} as {@link Done} events.
 */
final class DirectSends {

  private static final Logger log = LoggerFactory.getLogger(DirectSends.class);

  private final String region;
  private final SqsSender sender;
  private final PublisherListener listener;
  private final Consumer<Object> signal;
  private final Consumer<PackedMessage> release;
  private final Map<Long, List<PackedMessage>> inFlight = new HashMap<>();
  private long nextBatchId;

  /**
   * @param release gives back a message's memory and queue depth once it is delivered or dropped
   */
  DirectSends(String region, SqsSender sender, PublisherListener listener, Consumer<Object> signal,
      Consumer<PackedMessage> release) {
    this.region = region;
    this.sender = sender;
    this.listener = listener;
    this.signal = signal;
    this.release = release;
  }

  /** What the publisher does after an answer. */
  enum Result {
    /** Every message was stored (or rejected for good, counted). */
    DELIVERED,
    /** Some messages must be sent again; they were handed back. */
    FAILED,
    /** The batch was no longer in flight (taken over by a close). */
    UNKNOWN
  }

  /** A request's answer. */
  record Done(long batchId, BatchOutcome outcome, Throwable error) {}

  /** Sends {@code bodies}, turning a sender that throws into a failed request. */
  CompletableFuture<BatchOutcome> send(List<String> bodies) {
    try {
      return sender.send(bodies);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  int inFlight() {
    return inFlight.size();
  }

  boolean isEmpty() {
    return inFlight.isEmpty();
  }

  /** Sends the next request's worth of {@code ready} messages (up to ten, within SQS's batch size). */
  void sendNext(ArrayDeque<PackedMessage> ready) {
    List<PackedMessage> batch = new ArrayList<>();
    long bytes = 0;
    while (!ready.isEmpty() && batch.size() < SendBatches.SQS_MAX_ENTRIES) {
      PackedMessage next = ready.peekFirst();
      if (!batch.isEmpty() && bytes + next.bodyBytes() > SendBatches.SQS_MAX_BATCH_BYTES) {
        break;
      }
      batch.add(ready.pollFirst());
      bytes += next.bodyBytes();
    }
    long id = nextBatchId++;
    inFlight.put(id, batch);
    send(batch.stream().map(PackedMessage::body).toList())
        .whenComplete((outcome, error) -> signal.accept(new Done(id, outcome, error)));
  }

  /**
   * Handles an answer: releases what was delivered, drops (logged, counted) what SQS will never accept, and adds
   * what must be sent again to {@code retry}.
   */
  Result onDone(Done done, List<PackedMessage> retry) {
    List<PackedMessage> batch = inFlight.remove(done.batchId());
    if (batch == null) {
      return Result.UNKNOWN;
    }
    int before = retry.size();
    int delivered = 0;
    long deliveredOps = 0;
    if (done.error() != null) {
      retry.addAll(batch);
      log.warn("sending {} messages to region {} failed: {}", batch.size(), region, describe(done.error()));
    } else {
      boolean[] failed = new boolean[batch.size()];
      for (BatchOutcome.Failure f : done.outcome().failed()) {
        if (f.index() < 0 || f.index() >= batch.size()) {
          continue;
        }
        failed[f.index()] = true;
        PackedMessage m = batch.get(f.index());
        if (SenderFaults.permanent(f)) {
          // SQS will never accept it (the codec keeps bodies within the limits, so this is a bug); do not loop
          log.error("region {} rejected a message of {} operations for good ({}); dropping it", region,
              m.operationCount(), f.code());
          release.accept(m);
          listener.dropped(region, "rejected", m.operationCount());
        } else {
          retry.add(m);
        }
      }
      for (int i = 0; i < batch.size(); i++) {
        if (!failed[i]) {
          delivered++;
          deliveredOps += batch.get(i).operationCount();
          release.accept(batch.get(i));
        }
      }
    }
    boolean again = retry.size() > before;
    listener.request(region, !again && done.error() == null);
    if (delivered > 0) {
      listener.delivered(region, delivered, deliveredOps);
    }
    return again ? Result.FAILED : Result.DELIVERED;
  }

  /** The lowest journal mark of the messages in flight, or {@code low} if lower. */
  long lowestMark(long low) {
    for (List<PackedMessage> batch : inFlight.values()) {
      for (PackedMessage m : batch) {
        low = Math.min(low, m.firstMark());
      }
    }
    return low;
  }

  /**
   * Takes every message in flight back (for a close that cannot wait for the answers: they may or may not
   * arrive, and keeping them errs on the side of duplicates); their answers are then {@link Result#UNKNOWN}.
   */
  List<PackedMessage> takeAll() {
    List<PackedMessage> all = new ArrayList<>();
    inFlight.values().forEach(all::addAll);
    inFlight.clear();
    return all;
  }

  static String describe(Throwable error) {
    Throwable t = error;
    while (t.getCause() != null && t != t.getCause()) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }
}
