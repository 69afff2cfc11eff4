package dev.activeactive.relay.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * One long-poll loop. A receive of up to ten messages is always outstanding while this poller holds fewer than
 * {@link #DEFAULT_MAX_UNSETTLED} unsettled messages: as soon as a receive returns, the next one goes out, and only
 * then are the messages just received handled. So a message published while earlier ones are being applied or
 * deleted is picked up at once, instead of waiting in the queue for the whole receive-apply-delete round. Each
 * message's lag is recorded as soon as it is applied in every zone; the messages of one receive that were
 * applied are deleted together in one request.
 *
 * <p>A message is deleted only after its outcome is known; a crash between receive and delete just lets it come
 * back after the visibility timeout, and applying it again is harmless because application is idempotent. Memory
 * is bounded by the cap on unsettled messages.
 */
final class QueuePoller {
  private static final Logger log = LoggerFactory.getLogger(QueuePoller.class);
  private static final Duration BACKOFF = Duration.ofSeconds(1);
  private static final int MAX_MESSAGES_PER_RECEIVE = 10;
  /** Messages one poller holds at most: received and not yet deleted (or released). */
  static final int DEFAULT_MAX_UNSETTLED = 3 * MAX_MESSAGES_PER_RECEIVE;

  private final SqsAsyncClient sqs;
  private final String queueUrl;
  private final MessageHandler handler;
  private final RelayMetrics metrics;
  private final RejectLog rejectLog;
  private final ReceiveMessageRequest receive;
  private final int maxUnsettled;
  private final CompletableFuture<Void> finished = new CompletableFuture<>();

  // guarded by this
  private boolean receiving;
  private int unsettled;
  private CompletableFuture<ReceiveMessageResponse> pendingReceive;

  private volatile boolean stopping;
  /** Starts true: the relay checked that the queue answers before starting its pollers. */
  private volatile boolean lastReceiveOk = true;

  QueuePoller(SqsAsyncClient sqs, String queueUrl, MessageHandler handler, RelayMetrics metrics, RejectLog rejectLog,
      Duration receiveWait, Duration visibilityTimeout) {
    this(sqs, queueUrl, handler, metrics, rejectLog, receiveWait, visibilityTimeout, DEFAULT_MAX_UNSETTLED);
  }

  QueuePoller(SqsAsyncClient sqs, String queueUrl, MessageHandler handler, RelayMetrics metrics, RejectLog rejectLog,
      Duration receiveWait, Duration visibilityTimeout, int maxUnsettled) {
    if (maxUnsettled < MAX_MESSAGES_PER_RECEIVE) {
      throw new IllegalArgumentException("maxUnsettled must be at least " + MAX_MESSAGES_PER_RECEIVE);
    }
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.handler = handler;
    this.metrics = metrics;
    this.rejectLog = rejectLog;
    this.maxUnsettled = maxUnsettled;
    this.receive = ReceiveMessageRequest.builder()
        .queueUrl(queueUrl)
        .maxNumberOfMessages(MAX_MESSAGES_PER_RECEIVE)
        .waitTimeSeconds((int) receiveWait.toSeconds())
        .visibilityTimeout((int) visibilityTimeout.toSeconds())
        .build();
  }

  /** Starts the loop; the returned future completes once it has stopped and its last messages are settled. */
  CompletableFuture<Void> start() {
    receiveIfRoom();
    return finished;
  }

  /**
   * Stops receiving. A receive that is waiting is cancelled: messages SQS had already hidden for it come back
   * after the visibility timeout, so nothing is lost. Messages being handled are still settled.
   */
  void stop() {
    CompletableFuture<ReceiveMessageResponse> pending;
    synchronized (this) {
      stopping = true;
      pending = pendingReceive;
    }
    if (pending != null) {
      pending.cancel(true);
    }
    finishIfDone();
  }

  boolean isPolling() {
    return !stopping && lastReceiveOk;
  }

  /** Messages received by this poller and not yet settled. */
  synchronized int unsettled() {
    return unsettled;
  }

  private void receiveIfRoom() {
    synchronized (this) {
      if (receiving || stopping || unsettled + MAX_MESSAGES_PER_RECEIVE > maxUnsettled) {
        return;
      }
      receiving = true;
    }
    CompletableFuture<ReceiveMessageResponse> call;
    try {
      call = sqs.receiveMessage(receive);
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    boolean cancel;
    synchronized (this) {
      pendingReceive = call;
      cancel = stopping;
    }
    if (cancel) {
      call.cancel(true);
    }
    call.whenComplete(this::received);
  }

  private void received(ReceiveMessageResponse response, Throwable error) {
    if (error != null) {
      synchronized (this) {
        pendingReceive = null;
        if (stopping) {
          receiving = false;
        }
      }
      if (stopping) {
        finishIfDone();
        return;
      }
      lastReceiveOk = false;
      metrics.sqsError("receive");
      log.warn("receiving from {} failed, retrying in {} s: {}", queueUrl, BACKOFF.toSeconds(), rootMessage(error));
      CompletableFuture.delayedExecutor(BACKOFF.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
        synchronized (this) {
          receiving = false;
        }
        receiveIfRoom();
        finishIfDone();
      });
      return;
    }
    lastReceiveOk = true;
    List<Message> messages = response.hasMessages() ? response.messages() : List.of();
    synchronized (this) {
      pendingReceive = null;
      receiving = false;
      unsettled += messages.size();
    }
    if (!messages.isEmpty()) {
      metrics.received(messages.size());
    }
    // the next receive goes out before these messages are handled: that is what keeps new messages from
    // waiting in the queue while this batch is applied and deleted
    receiveIfRoom();
    if (messages.isEmpty()) {
      finishIfDone();
      return;
    }
    settle(messages).whenComplete((v, e) -> {
      if (e != null) {
        log.error("settling {} messages failed unexpectedly; they come back after the visibility timeout",
            messages.size(), e);
      }
      metrics.settled(messages.size());
      synchronized (this) {
        unsettled -= messages.size();
      }
      receiveIfRoom();
      finishIfDone();
    });
  }

  private void finishIfDone() {
    boolean done;
    synchronized (this) {
      done = stopping && !receiving && unsettled == 0;
    }
    if (done) {
      finished.complete(null);
    }
  }

  private CompletableFuture<Void> settle(List<Message> messages) {
    List<CompletableFuture<HandleOutcome>> outcomes = new ArrayList<>(messages.size());
    for (Message message : messages) {
      CompletableFuture<HandleOutcome> outcome;
      try {
        outcome = handler.handle(message.body());
      } catch (RuntimeException e) {
        outcome = CompletableFuture.completedFuture(new HandleOutcome.Retry(e));
      }
      // the lag of each message is taken when that message is applied, not when the slowest of its batch is
      outcomes.add(outcome.whenComplete((o, e) -> {
        if (o instanceof HandleOutcome.Applied a) {
          metrics.applied(a.operations(), a.publishTimeMillis());
        }
      }));
    }
    return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).thenCompose(v -> {
      List<DeleteMessageBatchRequestEntry> toDelete = new ArrayList<>();
      List<CompletableFuture<?>> pending = new ArrayList<>();
      for (int i = 0; i < messages.size(); i++) {
        Message message = messages.get(i);
        HandleOutcome outcome = outcomes.get(i).join();
        if (outcome instanceof HandleOutcome.Applied) {
          toDelete.add(DeleteMessageBatchRequestEntry.builder()
              .id(Integer.toString(i)).receiptHandle(message.receiptHandle()).build());
        } else if (outcome instanceof HandleOutcome.Rejected r) {
          metrics.rejected(r.reason());
          rejectLog.rejected(message.messageId(), r.reason(), r.detail());
          // back on the queue at once: it reaches maxReceiveCount, and so the dead-letter queue, sooner
          pending.add(sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl)
                  .receiptHandle(message.receiptHandle()).visibilityTimeout(0))
              .exceptionally(e -> {
                metrics.sqsError("visibility");
                return null;
              }));
        } else if (outcome instanceof HandleOutcome.Retry retry) {
          metrics.retried();
          log.warn("message {} not fully applied, it will come back after the visibility timeout: {}",
              message.messageId(), rootMessage(retry.cause()));
        }
      }
      if (!toDelete.isEmpty()) {
        pending.add(sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(toDelete)).handle((response, error) -> {
          if (error != null || !response.failed().isEmpty()) {
            // not deleted means delivered again and applied again: harmless, applying is idempotent
            metrics.sqsError("delete");
          }
          return null;
        }));
      }
      return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
    });
  }

  private static String rootMessage(Throwable error) {
    Throwable t = error;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
