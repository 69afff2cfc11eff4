package dev.activeactive.sandbox.internal.sqs;

import dev.activeactive.sandbox.api.QueueEndpoints;
import dev.activeactive.sandbox.api.SandboxAws;
import dev.activeactive.sandbox.api.SandboxConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates a region's replication queue and its dead-letter queue, wired by a redrive policy, through the AWS
 * SDK as a user would. Shared by every backend so that an in-process ElasticMQ and a container one hold the
 * very same queues.
 */
public final class ReplicationQueues {
  private ReplicationQueues() {}

  /**
   * Creates both queues on the SQS server at {@code endpoint}, signing for {@code region}, and returns where
   * they are.
   */
  public static QueueEndpoints create(URI endpoint, String region, SandboxConfig config) {
    // createQueue is idempotent, so the SDK's retries are safe; a cold ElasticMQ on a busy 2-core machine took
    // over 10 s to answer its first call
    try (SqsClient sqs = SandboxAws.syncClient(endpoint, region, Duration.ofSeconds(60))) {
      String dlqUrl = sqs.createQueue(CreateQueueRequest.builder()
              .queueName(config.deadLetterQueueName())
              .attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600"))
              .build())
          .queueUrl();
      String dlqArn = sqs.getQueueAttributes(GetQueueAttributesRequest.builder()
              .queueUrl(dlqUrl)
              .attributeNames(QueueAttributeName.QUEUE_ARN)
              .build())
          .attributes()
          .get(QueueAttributeName.QUEUE_ARN);
      String redrivePolicy = "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\""
          + config.maxReceiveCount() + "\"}";
      String queueUrl = sqs.createQueue(CreateQueueRequest.builder()
              .queueName(config.queueName())
              .attributes(Map.of(
                  QueueAttributeName.REDRIVE_POLICY, redrivePolicy,
                  QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(config.visibilityTimeout().toSeconds())))
              .build())
          .queueUrl();
      return new QueueEndpoints(endpoint, region, config.queueName(), queueUrl, config.deadLetterQueueName(),
          dlqUrl, config.maxReceiveCount(), (int) config.visibilityTimeout().toSeconds());
    }
  }
}
