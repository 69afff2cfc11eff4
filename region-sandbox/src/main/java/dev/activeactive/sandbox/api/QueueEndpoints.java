package dev.activeactive.sandbox.api;

import java.net.URI;
import java.util.Objects;

/**
 * A region's SQS endpoint and its replication queue. Other regions publish to {@link #queueUrl()}; the
 * region's relay drains it. A message received more than {@code maxReceiveCount} times moves to
 * {@link #deadLetterQueueUrl()} through the queue's redrive policy.
 *
 * @param endpoint the region's own SQS endpoint, for clients in that region (pass it as the SDK's
 *     {@code endpointOverride})
 * @param awsRegion the signing region to configure the SDK with (the sandbox region's name)
 * @param queueName the replication queue's name
 * @param queueUrl the replication queue's URL
 * @param deadLetterQueueName the dead-letter queue's name
 * @param deadLetterQueueUrl the dead-letter queue's URL
 * @param maxReceiveCount receives after which a message moves to the dead-letter queue
 * @param visibilityTimeoutSeconds the replication queue's default visibility timeout
 */
public record QueueEndpoints(
    URI endpoint,
    String awsRegion,
    String queueName,
    String queueUrl,
    String deadLetterQueueName,
    String deadLetterQueueUrl,
    int maxReceiveCount,
    int visibilityTimeoutSeconds) {
  /**
   * Built by the sandbox for each region's queues (tests read it from {@link RegionEndpoints#queues()}); every
   * name, URL and the endpoint are required (null is refused).
   */
  public QueueEndpoints {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(awsRegion, "awsRegion");
    Objects.requireNonNull(queueName, "queueName");
    Objects.requireNonNull(queueUrl, "queueUrl");
    Objects.requireNonNull(deadLetterQueueName, "deadLetterQueueName");
    Objects.requireNonNull(deadLetterQueueUrl, "deadLetterQueueUrl");
  }
}
