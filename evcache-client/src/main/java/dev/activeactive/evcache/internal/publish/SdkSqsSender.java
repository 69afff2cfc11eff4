package dev.activeactive.evcache.internal.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** {@link SqsSender} on the AWS SDK v2's {@link SqsAsyncClient}. Thread-safe. */
public final class SdkSqsSender implements SqsSender {

  private static final String[] IDS = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};

  private final SqsAsyncClient client;
  private final String queueUrl;

  /**
   * @param client the region's SQS client; closed with this sender
   * @param queueUrl the region's replication queue
   */
  public SdkSqsSender(SqsAsyncClient client, String queueUrl) {
    this.client = Objects.requireNonNull(client, "client");
    this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
  }

  @Override
  public CompletableFuture<BatchOutcome> send(List<String> bodies) {
    if (bodies.isEmpty() || bodies.size() > IDS.length) {
      throw new IllegalArgumentException("a batch holds 1 to 10 messages: " + bodies.size());
    }
    List<SendMessageBatchRequestEntry> entries = new ArrayList<>(bodies.size());
    for (int i = 0; i < bodies.size(); i++) {
      entries.add(SendMessageBatchRequestEntry.builder().id(IDS[i]).messageBody(bodies.get(i)).build());
    }
    SendMessageBatchRequest request = SendMessageBatchRequest.builder().queueUrl(queueUrl).entries(entries).build();
    return client.sendMessageBatch(request).thenApply(response -> {
      if (!response.hasFailed() || response.failed().isEmpty()) {
        return BatchOutcome.ALL_SENT;
      }
      List<BatchOutcome.Failure> failures = new ArrayList<>();
      for (BatchResultErrorEntry e : response.failed()) {
        failures.add(new BatchOutcome.Failure(Integer.parseInt(e.id()), Boolean.TRUE.equals(e.senderFault()),
            e.code()));
      }
      return new BatchOutcome(failures);
    });
  }

  @Override
  public void close() {
    client.close();
  }
}
