package dev.activeactive.relay.service.internal.dlq;

import java.util.Map;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * One message as received from the dead-letter queue: what redrive sends back (body and attributes, unchanged)
 * and what the listing shows about it.
 *
 * @param messageId SQS's id of the message in the dead-letter queue, the ID that {@code dlq show} takes
 * @param receiptHandle the handle of this receive, to delete it or make it visible again
 * @param body the body, as the publisher sent it
 * @param attributes the publisher's message attributes, sent back with the body
 * @param sentMillis when SQS first accepted the message (its {@code SentTimestamp}); 0 when unknown
 * @param receiveCount how often it was received, in the source queue and here
 */
record DeadLetter(String messageId, String receiptHandle, String body, Map<String, MessageAttributeValue> attributes,
    long sentMillis, int receiveCount) {

  DeadLetter {
    attributes = Map.copyOf(attributes);
  }

  /** Milliseconds since SQS accepted it. */
  long ageMillis(long nowMillis) {
    return sentMillis == 0 ? 0 : Math.max(0, nowMillis - sentMillis);
  }
}
