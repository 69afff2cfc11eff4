package dev.activeactive.evcache.internal.publish;

import java.util.Set;

/**
 * Which failed {@code SendMessageBatch} entries are worth sending again. SQS marks an entry's failure as the
 * sender's fault for throttling and for problems with the queue's KMS key too, which pass (or an operator fixes);
 * dropping those would leave the other region stale until the TTL. Only errors about the message itself are
 * permanent: sending the same bytes again can never succeed.
 */
final class SenderFaults {

  /** Codes that say the message itself is unacceptable. */
  private static final Set<String> PERMANENT = Set.of("InvalidMessageContents", "InvalidParameterValue",
      "MessageTooLong", "InvalidAttributeName", "InvalidAttributeValue", "UnsupportedOperation",
      "InvalidBatchEntryId", "BatchEntryIdsNotDistinct", "BatchRequestTooLong", "TooManyEntriesInBatchRequest",
      "EmptyBatchRequest");

  private SenderFaults() {}

  /** Whether a failed entry will never be accepted, so that sending it again would loop. */
  static boolean permanent(BatchOutcome.Failure failure) {
    return failure.senderFault() && failure.code() != null && PERMANENT.contains(failure.code());
  }
}
