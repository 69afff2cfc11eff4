package dev.activeactive.examples.sandbox;

import dev.activeactive.sandbox.api.RegionEndpoints;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.SandboxAws;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.PurgeQueueRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Looks at and empties a sandbox region's replication queues, for drills (never part of the service). */
public final class QueueAdmin {

  private QueueAdmin() {}

  /** Empties the replication and dead-letter queues of every region, so a drill starts from a known state. */
  public static void purgeAll(RegionSandbox sandbox) {
    for (String region : sandbox.regionNames()) {
      RegionEndpoints endpoints = sandbox.region(region);
      try (SqsClient sqs = SandboxAws.syncClient(endpoints)) {
        sqs.purgeQueue(PurgeQueueRequest.builder().queueUrl(endpoints.queues().queueUrl()).build());
        sqs.purgeQueue(PurgeQueueRequest.builder().queueUrl(endpoints.queues().deadLetterQueueUrl()).build());
      }
    }
  }

  /** Messages in a region's replication queue: waiting plus received and not yet deleted. */
  public static long backlog(RegionSandbox sandbox, String region) {
    RegionEndpoints endpoints = sandbox.region(region);
    return count(endpoints, endpoints.queues().queueUrl());
  }

  /** Messages in a region's dead-letter queue (given up on after the queue's maxReceiveCount). */
  public static long deadLetters(RegionSandbox sandbox, String region) {
    RegionEndpoints endpoints = sandbox.region(region);
    return count(endpoints, endpoints.queues().deadLetterQueueUrl());
  }

  private static long count(RegionEndpoints endpoints, String queueUrl) {
    try (SqsClient sqs = SandboxAws.syncClient(endpoints)) {
      GetQueueAttributesResponse response = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
          QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
          QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
      Map<QueueAttributeName, String> attributes = response.attributes();
      long waiting = Long.parseLong(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0"));
      long inFlight = Long.parseLong(attributes.getOrDefault(
          QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0"));
      return waiting + inFlight;
    }
  }
}
