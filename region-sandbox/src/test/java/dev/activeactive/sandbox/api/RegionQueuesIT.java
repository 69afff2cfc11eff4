package dev.activeactive.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.PurgeQueueRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

@RegionSandboxTest(components = SandboxComponent.SQS)
class RegionQueuesIT {

  @Test
  void createSendReceiveDeleteThroughTheSdkInEveryRegion(RegionSandbox sandbox) {
    for (RegionEndpoints region : sandbox.topology().regions()) {
      try (SqsClient sqs = SandboxAws.syncClient(region)) {
        String own = sqs.createQueue(CreateQueueRequest.builder().queueName("it-scratch").build()).queueUrl();
        assertThat(own).contains(region.address());
        sqs.sendMessage(b -> b.queueUrl(own).messageBody("hello " + region.name()));
        List<Message> got = sqs.receiveMessage(b -> b.queueUrl(own).waitTimeSeconds(2)).messages();
        assertThat(got).extracting(Message::body).containsExactly("hello " + region.name());
        sqs.deleteMessage(b -> b.queueUrl(own).receiptHandle(got.get(0).receiptHandle()));
        assertThat(sqs.receiveMessage(b -> b.queueUrl(own).waitTimeSeconds(1)).messages()).isEmpty();
        sqs.deleteQueue(b -> b.queueUrl(own));
      }
    }
  }

  @Test
  void theReplicationQueueEnforcesSqsLimits(RegionSandbox sandbox) {
    RegionEndpoints west = sandbox.region("us-west-2");
    try (SqsClient sqs = SandboxAws.syncClient(west)) {
      List<SendMessageBatchRequestEntry> eleven = java.util.stream.IntStream.range(0, 11)
          .mapToObj(i -> SendMessageBatchRequestEntry.builder().id("e" + i).messageBody("m").build())
          .toList();
      org.assertj.core.api.Assertions.assertThatThrownBy(() ->
              sqs.sendMessageBatch(b -> b.queueUrl(west.queues().queueUrl()).entries(eleven)))
          .isInstanceOf(software.amazon.awssdk.services.sqs.model.TooManyEntriesInBatchRequestException.class);
    }
  }

  @Test
  void aMessageReceivedMoreThanMaxReceiveCountTimesMovesToTheDeadLetterQueue(RegionSandbox sandbox) {
    QueueEndpoints queues = sandbox.region("us-east-1").queues();
    try (SqsClient sqs = SandboxAws.syncClient(sandbox.region("us-east-1"))) {
      sqs.purgeQueue(PurgeQueueRequest.builder().queueUrl(queues.queueUrl()).build());
      sqs.purgeQueue(PurgeQueueRequest.builder().queueUrl(queues.deadLetterQueueUrl()).build());
      Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(GetQueueAttributesRequest.builder()
          .queueUrl(queues.queueUrl()).attributeNames(QueueAttributeName.REDRIVE_POLICY).build()).attributes();
      assertThat(attributes.get(QueueAttributeName.REDRIVE_POLICY))
          .contains(queues.deadLetterQueueName())
          .contains("\"maxReceiveCount\":" + queues.maxReceiveCount()).as("redrive policy");

      sqs.sendMessage(b -> b.queueUrl(queues.queueUrl()).messageBody("poison"));
      // receive and never delete, with no visibility timeout, as a relay that keeps failing would
      int receives = 0;
      while (receives < queues.maxReceiveCount()) {
        receives += sqs.receiveMessage(ReceiveMessageRequest.builder().queueUrl(queues.queueUrl())
            .visibilityTimeout(0).waitTimeSeconds(1).build()).messages().size();
      }
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        sqs.receiveMessage(ReceiveMessageRequest.builder().queueUrl(queues.queueUrl())
            .visibilityTimeout(0).waitTimeSeconds(1).build());
        List<Message> dead = sqs.receiveMessage(b -> b.queueUrl(queues.deadLetterQueueUrl()).waitTimeSeconds(1))
            .messages();
        assertThat(dead).extracting(Message::body).containsExactly("poison");
      });
    }
  }
}
