package dev.activeactive.relay.service.internal.dlq;

import dev.activeactive.relay.api.RedrivePolicy;
import dev.activeactive.relay.api.RelayConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClientBuilder;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * The replication queue's dead-letter queue, found through the queue's redrive policy. Messages are read by
 * receiving them with a visibility timeout (SQS's only way to walk a queue: what is not hidden is received again),
 * so while a command walks the queue another command does not see what it has received; what a command does not
 * delete is made visible again when it ends, or is stopped ({@link HeldMessages}). Relays never read this queue.
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

  /** A set of held messages, released through this queue; close it (or let a shutdown hook) to release them. */
  HeldMessages hold() {
    return new HeldMessages(this::release);
  }

  /**
   * Hands every message in the DLQ to {@code each}, each once, until it returns false or the DLQ is empty (the
   * first empty receive: SQS's receive is approximate, so a message moved in meanwhile may be missed). Every
   * message received goes into {@code held}, to be released by its owner; a letter is not kept after
   * {@code each} returned, so memory does not grow with bodies (only with ids, to see each once). A message seen
   * twice (received again after the hold, in a walk longer than {@link #HOLD}) is held but not handed on again.
   *
   * @return how the walk ended: {@link Walk#STOPPED} when the JVM is shutting down (the walk is incomplete)
   */
  Walk forEachOnce(HeldMessages held, Predicate<DeadLetter> each) {
    return held.walk(() -> {
      Set<String> seen = new HashSet<>();
      while (!held.stopping()) {
        List<DeadLetter> batch = receive();
        batch.forEach(l -> held.add(l.receiptHandle()));
        if (batch.isEmpty()) {
          return Walk.END_OF_QUEUE;
        }
        for (DeadLetter l : batch) {
          if (seen.add(l.messageId()) && !each.test(l)) {
            return Walk.FOUND;
          }
        }
      }
      return Walk.STOPPED;
    });
  }

  /** How a walk of the DLQ ended. */
  enum Walk {
    /** Every message was handed on. */
    END_OF_QUEUE,
    /** The consumer asked to stop. */
    FOUND,
    /** The JVM is shutting down; what was handed on is a part of the queue. */
    STOPPED
  }

  /** Makes up to ten held messages visible again at once; fails naming how many stay hidden until the hold ends. */
  private void release(List<String> receiptHandles) {
    List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
    for (int i = 0; i < receiptHandles.size(); i++) {
      entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
          .receiptHandle(receiptHandles.get(i)).visibilityTimeout(0).build());
    }
    ChangeMessageVisibilityBatchResponse response =
        call(sqs.changeMessageVisibilityBatch(b -> b.queueUrl(deadLetterQueueUrl).entries(entries)));
    if (!response.failed().isEmpty()) {
      throw new IllegalStateException(response.failed().size() + " dead letter(s) could not be made visible again ("
          + response.failed().get(0).message() + "); other commands see them again when the hold of "
          + HOLD.toMinutes() + " min ends");
    }
  }

  /**
   * Sends held messages back to the replication queue, body and attributes unchanged, then deletes from the DLQ
   * those SQS accepted. A crash between the two sends a message twice, which relays apply harmlessly (applying
   * is idempotent and only newer versions are stored). Returns the messages moved; those SQS refused go into
   * {@code held}, so that they become visible again with the rest, before this fails naming them.
   */
  List<DeadLetter> moveBack(List<DeadLetter> letters, HeldMessages held) {
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
      sent.failed().forEach(f -> held.add(letters.get(Integer.parseInt(f.id())).receiptHandle()));
      throw new IllegalStateException(sent.failed().size() + " message(s) were not accepted by " + queueUrl + ": "
          + sent.failed().get(0).message() + "; they stay in the dead-letter queue");
    }
    return moved;
  }

  /** Deletes every message in the DLQ (SQS's PurgeQueue; it may take up to a minute to take effect). */
  void purge() {
    call(sqs.purgeQueue(b -> b.queueUrl(deadLetterQueueUrl)));
  }

  /**
   * Receives until {@code keep} has matched {@code max} messages or the DLQ is empty, handing the matches to
   * {@code batchSink} a receive at a time (it deletes them); the others are held in {@code held} (their handles
   * only) so that the walk does not meet them again, and released by its owner.
   */
  int select(Predicate<DeadLetter> keep, int max, HeldMessages held, Consumer<List<DeadLetter>> batchSink) {
    return held.walk(() -> {
      int taken = 0;
      while (taken < max && !held.stopping()) {
        List<DeadLetter> batch = receive();
        if (batch.isEmpty()) {
          break;
        }
        List<DeadLetter> chosen = new ArrayList<>();
        for (DeadLetter l : batch) {
          if (taken + chosen.size() < max && keep.test(l)) {
            chosen.add(l);
          } else {
            held.add(l.receiptHandle());
          }
        }
        if (!chosen.isEmpty()) {
          batchSink.accept(chosen);
          taken += chosen.size();
        }
      }
      return taken;
    });
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
