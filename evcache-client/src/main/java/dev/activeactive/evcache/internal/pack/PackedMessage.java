package dev.activeactive.evcache.internal.pack;

/**
 * One SQS message body produced by {@link MessagePacker}.
 *
 * @param body the SQS message body (ASCII, so its length is its size in bytes)
 * @param sequence the producer sequence number written into the header
 * @param operationCount how many operations the body carries
 * @param operationBytes the encoded size of those operations (what they counted for in the packer), so that a
 *     publisher can account its memory buffer exactly
 */
public record PackedMessage(String body, long sequence, int operationCount, long operationBytes) {

  /** Size of the body in bytes. */
  public int bodyBytes() {
    return body.length();
  }
}
