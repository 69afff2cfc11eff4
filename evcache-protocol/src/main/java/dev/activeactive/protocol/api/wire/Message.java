package dev.activeactive.protocol.api.wire;

import dev.activeactive.protocol.api.version.Version;
import java.util.List;
import java.util.Objects;

/**
 * One SQS message: a header and the operations packed into it.
 *
 * @param originRegion the region that published the operations; operations whose version names this region
 *     are encoded without repeating it
 * @param publishTimeMillis when the message was encoded for sending, epoch milliseconds (publish-to-apply lag)
 * @param producerId a random identifier of the publishing process, for diagnostics and deduplication
 * @param sequence the producer's message sequence number, increasing by one per message
 * @param operations the operations, at least one
 * @param signed on decoding, whether the frame carried a verified HMAC; ignored on encoding (the codec signs
 *     when it has a key)
 */
public record Message(String originRegion, long publishTimeMillis, long producerId, long sequence,
    List<Operation> operations, boolean signed) {

  /** Validates the header fields and copies the operation list. */
  public Message {
    Version.requireValidRegion(originRegion);
    if (publishTimeMillis < 0) {
      throw new IllegalArgumentException("publish time must not be negative: " + publishTimeMillis);
    }
    operations = List.copyOf(Objects.requireNonNull(operations, "operations"));
    if (operations.isEmpty()) {
      throw new IllegalArgumentException("a message carries at least one operation");
    }
  }

  /** An unsigned-on-input message for encoding. */
  public static Message of(String originRegion, long publishTimeMillis, long producerId, long sequence,
      List<Operation> operations) {
    return new Message(originRegion, publishTimeMillis, producerId, sequence, operations, false);
  }
}
