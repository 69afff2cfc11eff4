package dev.activeactive.evcache.it;

import dev.activeactive.protocol.api.wire.MalformedMessageException;
import dev.activeactive.protocol.api.wire.Message;
import dev.activeactive.protocol.api.wire.MessageCodec;
import dev.activeactive.protocol.api.wire.Operation;
import dev.activeactive.sandbox.api.RegionEndpoints;
import dev.activeactive.sandbox.api.SandboxAws;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.PurgeQueueRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * A remote region's replication queue as its relay would see it: receives, decodes and deletes the messages a
 * client published, and keeps the operations (and the number of messages) for assertions.
 */
public final class RemoteQueue implements AutoCloseable {

  private final RegionEndpoints region;
  private final SqsClient sqs;
  private final MessageCodec codec = new MessageCodec();
  private final List<Operation> operations = new ArrayList<>();
  private final List<Message> messages = new ArrayList<>();

  public RemoteQueue(RegionEndpoints region) {
    this.region = region;
    this.sqs = SandboxAws.syncClient(region);
  }

  /** Empties the queue and its dead-letter queue (the sandbox is shared by every test class of the JVM). */
  public void purge() {
    sqs.purgeQueue(PurgeQueueRequest.builder().queueUrl(region.queues().queueUrl()).build());
    sqs.purgeQueue(PurgeQueueRequest.builder().queueUrl(region.queues().deadLetterQueueUrl()).build());
  }

  /** Receives (and deletes) what is in the queue now; returns how many messages arrived. */
  public int poll() {
    ReceiveMessageResponse response = sqs.receiveMessage(b -> b.queueUrl(region.queues().queueUrl())
        .maxNumberOfMessages(10).waitTimeSeconds(1).visibilityTimeout(5)); // a receive lost to a timeout hides little
    List<DeleteMessageBatchRequestEntry> delete = new ArrayList<>();
    for (software.amazon.awssdk.services.sqs.model.Message m : response.messages()) {
      try {
        Message decoded = codec.decodeBody(m.body());
        synchronized (this) {
          messages.add(decoded);
          operations.addAll(decoded.operations());
        }
      } catch (MalformedMessageException e) {
        throw new AssertionError("the client published a malformed message: " + e.reason(), e);
      }
      delete.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(delete.size()))
          .receiptHandle(m.receiptHandle()).build());
    }
    if (!delete.isEmpty()) {
      sqs.deleteMessageBatch(b -> b.queueUrl(region.queues().queueUrl()).entries(delete));
    }
    return response.messages().size();
  }

  /** The operations received so far that match. */
  public synchronized List<Operation> operations(Predicate<Operation> filter) {
    return operations.stream().filter(filter).toList();
  }

  /** Operations received so far on keys of {@code dataset}. */
  public List<Operation> operationsOf(String dataset) {
    return operations(op -> op.dataset().equals(dataset));
  }

  /** Messages received so far. */
  public synchronized List<Message> messages() {
    return List.copyOf(messages);
  }

  @Override
  public void close() {
    sqs.close();
  }
}
