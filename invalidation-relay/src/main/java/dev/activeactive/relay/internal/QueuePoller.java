package dev.activeactive.relay.internal;

import dev.activeactive.relay.api.RejectedMessages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * One long-poll loop: receive up to ten messages, handle them all, delete the ones fully applied, repeat.
 * A message is deleted only after its outcome is known; a crash between receive and delete just lets it come
 * back after the visibility timeout, and applying it again is harmless because application is idempotent.
 */
final class QueuePoller {
  private static final Logger log = LoggerFactory.getLogger(QueuePoller.class);
  private static final Duration BACKOFF = Duration.ofSeconds(1);
  /** SQS's longest visibility timeout: how long a rejected message is hidden in {@link RejectedMessages#BACK_OFF}. */
  private static final int REJECTED_BACK_OFF_SECONDS = 43_200;

  private final SqsAsyncClient sqs;
  private final String queueUrl;
  private final MessageHandler handler;
  private final RelayMetrics metrics;
  private final QueueBacklog backlog;
  private final RejectLog rejectLog;
  private final ReceiveMessageRequest receive;
  private final int rejectedVisibilitySeconds;
  /**
   * Whether every zone answers. While one does not, nothing is received: a message received then could only fail
   * and come back, and after maxReceiveCount receives a good message would be in the dead-letter queue.
   */
  private final java.util.function.BooleanSupplier zonesReachable;
  private static final Duration ZONE_WAIT = Duration.ofMillis(200);
  private final CompletableFuture<Void> finished = new CompletableFuture<>();
  private final AtomicReference<CompletableFuture<ReceiveMessageResponse>> pendingReceive = new AtomicReference<>();
  private volatile boolean stopping;
  /** Starts true: the relay checked that the queue answers before starting its pollers. */
  private volatile boolean lastReceiveOk = true;

  QueuePoller(SqsAsyncClient sqs, String queueUrl, MessageHandler handler, RelayMetrics metrics,
      QueueBacklog backlog, RejectLog rejectLog,
      Duration receiveWait, Duration visibilityTimeout, RejectedMessages rejectedMessages,
      java.util.function.BooleanSupplier zonesReachable) {
    this.zonesReachable = zonesReachable;
    // DLQ mode: back at once, so it reaches maxReceiveCount sooner; back-off: hidden as long as SQS allows
    this.rejectedVisibilitySeconds = rejectedMessages == RejectedMessages.BACK_OFF ? REJECTED_BACK_OFF_SECONDS : 0;
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.handler = handler;
    this.metrics = metrics;
    this.backlog = backlog;
    this.rejectLog = rejectLog;
    this.receive = ReceiveMessageRequest.builder()
        .queueUrl(queueUrl)
        .maxNumberOfMessages(10)
        .waitTimeSeconds((int) receiveWait.toSeconds())
        .visibilityTimeout((int) visibilityTimeout.toSeconds())
        // for the age of the oldest message (relay.backlog.oldest.age)
        .messageSystemAttributeNames(MessageSystemAttributeName.SENT_TIMESTAMP)
        .build();
  }

  /** Starts the loop; the returned future completes once it has stopped and its last messages are settled. */
  CompletableFuture<Void> start() {
    next();
    return finished;
  }

  /**
   * Stops receiving. A receive that is waiting is cancelled: messages SQS had already hidden for it come back
   * after the visibility timeout, so nothing is lost.
   */
  void stop() {
    stopping = true;
    CompletableFuture<ReceiveMessageResponse> pending = pendingReceive.get();
    if (pending != null) {
      pending.cancel(true);
    }
  }

  boolean isPolling() {
    return !stopping && lastReceiveOk;
  }

  private void next() {
    if (stopping) {
      finished.complete(null);
      return;
    }
    if (!zonesReachable.getAsBoolean()) {
      CompletableFuture.delayedExecutor(ZONE_WAIT.toMillis(), TimeUnit.MILLISECONDS).execute(this::next);
      return;
    }
    CompletableFuture<ReceiveMessageResponse> call = sqs.receiveMessage(receive);
    pendingReceive.set(call);
    call.thenCompose(response -> {
          lastReceiveOk = true;
          pendingReceive.set(null);
          return settle(response.messages());
        })
        .whenComplete((v, error) -> {
          if (error == null) {
            next();
            return;
          }
          if (stopping) {
            finished.complete(null);
            return;
          }
          lastReceiveOk = false;
          metrics.sqsError("receive");
          log.warn("receiving from {} failed, retrying in {} s: {}", queueUrl, BACKOFF.toSeconds(), rootMessage(error));
          CompletableFuture.delayedExecutor(BACKOFF.toMillis(), TimeUnit.MILLISECONDS).execute(this::next);
        });
  }

  private CompletableFuture<Void> settle(List<Message> messages) {
    if (messages.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    metrics.received(messages.size());
    long receivedAtMillis = System.currentTimeMillis();
    List<CompletableFuture<HandleOutcome>> outcomes = new ArrayList<>(messages.size());
    for (Message message : messages) {
      backlog.received(sentTimestamp(message), receivedAtMillis);
      CompletableFuture<HandleOutcome> outcome = handler.handle(message.body());
      // lag ends when this message's operations are in the cache, not when the slowest of its batch is
      outcome.thenAccept(done -> {
        if (done instanceof HandleOutcome.Applied a) {
          metrics.lag(a.originRegion(), a.publishTimeMillis(), receivedAtMillis);
        }
      });
      outcomes.add(outcome);
    }
    return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).thenCompose(v -> {
      List<DeleteMessageBatchRequestEntry> toDelete = new ArrayList<>();
      List<CompletableFuture<?>> visibility = new ArrayList<>();
      for (int i = 0; i < messages.size(); i++) {
        Message message = messages.get(i);
        HandleOutcome outcome = outcomes.get(i).join();
        if (outcome instanceof HandleOutcome.Applied a) {
          metrics.applied(a.operations());
          toDelete.add(DeleteMessageBatchRequestEntry.builder()
              .id(Integer.toString(i)).receiptHandle(message.receiptHandle()).build());
        } else if (outcome instanceof HandleOutcome.Rejected r) {
          metrics.rejected(r.reason());
          rejectLog.rejected(message.messageId(), r.reason(), r.detail());
          visibility.add(sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl)
                  .receiptHandle(message.receiptHandle()).visibilityTimeout(rejectedVisibilitySeconds))
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
      CompletableFuture<?> deleted = toDelete.isEmpty()
          ? CompletableFuture.completedFuture(null)
          : sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(toDelete)).handle((response, error) -> {
            if (error != null || !response.failed().isEmpty()) {
              // not deleted means delivered again and applied again: harmless, applying is idempotent
              metrics.sqsError("delete");
            }
            return null;
          });
      visibility.add(deleted);
      return CompletableFuture.allOf(visibility.toArray(CompletableFuture[]::new));
    }).whenComplete((v, e) -> metrics.settled(messages.size()));
  }

  private static long sentTimestamp(Message message) {
    String sent = message.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
    try {
      return sent == null ? 0 : Long.parseLong(sent);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String rootMessage(Throwable error) {
    Throwable t = error;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
