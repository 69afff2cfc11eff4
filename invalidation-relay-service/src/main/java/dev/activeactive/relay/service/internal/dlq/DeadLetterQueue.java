package dev.activeactive.relay.service.internal.dlq;

import dev.activeactive.relay.api.RedrivePolicy;
import dev.activeactive.relay.api.RelayConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClientBuilder;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * The replication queue's dead-letter queue, found through the queue's redrive policy. Messages are read by
 * receiving them with a visibility timeout, so while a command works on them nobody else (another command) sees
 * them; what a command does not delete is made visible again when it ends. Relays never read this queue.
 */
final class DeadLetterQueue implements AutoCloseable {
  /** How long a message stays hidden while a command holds it; long enough for a listing of many thousands. */
  static final Duration HOLD = Duration.ofMinutes(5);
  private static final long CALL_SECONDS = 60;

  private final SqsAsyncClient sqs;
  private final String queueUrl;
  private final String deadLetterQueueUrl;

  DeadLetterQueue(RelayConfig config, AwsCredentialsProvider credentials) {
    SqsAsyncClientBuilder builder = SqsAsyncClient.builder().region(Region.of(config.awsRegion()))
        .credentialsProvider(credentials)
        .httpClientBuilder(NettyNioAsyncHttpClient.builder().connectionTimeout(Duration.ofSeconds(5)));
    config.sqsEndpoint().ifPresent(builder::endpointOverride);
    sqs = builder.build();
    try {
      String queue = config.queue();
      queueUrl = queue.startsWith("http://") || queue.startsWith("https://") ? queue
          : call(sqs.getQueueUrl(b -> b.queueName(queue))).queueUrl();
      String policy = call(sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
          .attributeNames(QueueAttributeName.REDRIVE_POLICY))).attributes().get(QueueAttributeName.REDRIVE_POLICY);
      RedrivePolicy redrive = RedrivePolicy.parse(policy).orElseThrow(() -> new IllegalStateException(
          "Queue " + queueUrl + " has no redrive policy, so it has no dead-letter queue to work on"));
      deadLetterQueueUrl = call(sqs.getQueueUrl(b -> {
        b.queueName(redrive.deadLetterQueueName());
        redrive.deadLetterQueueAccount().ifPresent(b::queueOwnerAWSAccountId);
      })).queueUrl();
    } catch (RuntimeException e) {
      sqs.close();
      throw e;
    }
  }

  String queueUrl() {
    return queueUrl;
  }

  String deadLetterQueueUrl() {
    return deadLetterQueueUrl;
  }

  /** Messages in the DLQ by SQS's approximate count (visible and held). */
  long approximateDepth() {
    Map<QueueAttributeName, String> a = call(sqs.getQueueAttributes(b -> b.queueUrl(deadLetterQueueUrl).attributeNames(
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))).attributes();
    return Long.parseLong(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0"))
        + Long.parseLong(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0"));
  }

  /** Up to ten messages, held for {@link #HOLD}; empty when none is visible within a second. */
  List<DeadLetter> receive() {
    List<Message> messages = call(sqs.receiveMessage(b -> b.queueUrl(deadLetterQueueUrl).maxNumberOfMessages(10)
        .waitTimeSeconds(1).visibilityTimeout((int) HOLD.toSeconds())
        .messageAttributeNames("All")
        .messageSystemAttributeNames(MessageSystemAttributeName.SENT_TIMESTAMP,
            MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))).messages();
    List<DeadLetter> letters = new ArrayList<>(messages.size());
    for (Message m : messages) {
      letters.add(new DeadLetter(m.messageId(), m.receiptHandle(), m.body(), m.messageAttributes(),
          number(m.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP)),
          (int) number(m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))));
    }
    return letters;
  }

  /**
   * Every message in the DLQ, each once, held until {@link #release}; {@code progress} hears the running count.
   * Stops at the first empty receive (SQS's receive is approximate: a message just moved in may be missed).
   */
  List<DeadLetter> receiveAll(java.util.function.IntConsumer progress) {
    Map<String, DeadLetter> seen = new LinkedHashMap<>();
    while (true) {
      List<DeadLetter> batch = receive();
      if (batch.isEmpty()) {
        return new ArrayList<>(seen.values());
      }
      batch.forEach(l -> seen.putIfAbsent(l.messageId(), l));
      progress.accept(seen.size());
    }
  }

  /** Makes held messages visible again at once. */
  void release(List<DeadLetter> letters) {
    for (int start = 0; start < letters.size(); start += 10) {
      List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
      for (int i = start; i < Math.min(letters.size(), start + 10); i++) {
        entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
            .receiptHandle(letters.get(i).receiptHandle()).visibilityTimeout(0).build());
      }
      call(sqs.changeMessageVisibilityBatch(b -> b.queueUrl(deadLetterQueueUrl).entries(entries)));
    }
  }

  /**
   * Sends held messages back to the replication queue, body and attributes unchanged, then deletes from the DLQ
   * those SQS accepted. A crash between the two sends a message twice, which relays apply harmlessly (applying
   * is idempotent and only newer versions are stored). Returns the messages moved.
   */
  List<DeadLetter> moveBack(List<DeadLetter> letters) {
    List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
    for (int i = 0; i < letters.size(); i++) {
      DeadLetter l = letters.get(i);
      entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(l.body())
          .messageAttributes(l.attributes()).build());
    }
    SendMessageBatchResponse sent = call(sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries)));
    List<DeadLetter> moved = new ArrayList<>();
    sent.successful().forEach(s -> moved.add(letters.get(Integer.parseInt(s.id()))));
    if (!moved.isEmpty()) {
      List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
      for (int i = 0; i < moved.size(); i++) {
        deletes.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
            .receiptHandle(moved.get(i).receiptHandle()).build());
      }
      call(sqs.deleteMessageBatch(b -> b.queueUrl(deadLetterQueueUrl).entries(deletes)));
    }
    if (!sent.failed().isEmpty()) {
      throw new IllegalStateException(sent.failed().size() + " message(s) were not accepted by " + queueUrl + ": "
          + sent.failed().get(0).message() + "; they stay in the dead-letter queue");
    }
    return moved;
  }

  /** Deletes every message in the DLQ (SQS's PurgeQueue; it may take up to a minute to take effect). */
  void purge() {
    call(sqs.purgeQueue(b -> b.queueUrl(deadLetterQueueUrl)));
  }

  /** Receives until {@code keep} has matched {@code max} messages or the DLQ is empty; the rest is released. */
  List<DeadLetter> select(Predicate<DeadLetter> keep, int max, java.util.function.Consumer<List<DeadLetter>> batchSink) {
    List<DeadLetter> skipped = new ArrayList<>();
    List<DeadLetter> taken = new ArrayList<>();
    try {
      while (taken.size() < max) {
        List<DeadLetter> batch = receive();
        if (batch.isEmpty()) {
          break;
        }
        List<DeadLetter> chosen = new ArrayList<>();
        for (DeadLetter l : batch) {
          if (taken.size() + chosen.size() < max && keep.test(l)) {
            chosen.add(l);
          } else {
            skipped.add(l);
          }
        }
        if (!chosen.isEmpty()) {
          batchSink.accept(chosen);
          taken.addAll(chosen);
        }
      }
    } finally {
      release(skipped);
    }
    return taken;
  }

  private static long number(String text) {
    try {
      return text == null ? 0 : Long.parseLong(text);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static <T> T call(CompletableFuture<T> future) {
    try {
      return future.get(CALL_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("SQS call failed: " + e.getCause().getMessage(), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("SQS did not answer within " + CALL_SECONDS + " s", e);
    }
  }

  @Override
  public void close() {
    sqs.close();
  }
}
