package dev.activeactive.evcache.internal.pack;

/**
 * One SQS message body produced by {@link MessagePacker}.
 *
 * @param body the SQS message body (ASCII, so its length is its size in bytes)
 * @param sequence the producer sequence number written into the header
 * @param operationCount how many operations the body carries
 */
public record PackedMessage(String body, long sequence, int operationCount) {

  /** Size of the body in bytes. */
  public int bodyBytes() {
    return body.length();
  }
}
