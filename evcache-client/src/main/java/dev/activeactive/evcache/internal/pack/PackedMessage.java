package dev.activeactive.evcache.internal.pack;

/**
 * One SQS message body produced by {@link MessagePacker}.
 *
 * @param body the SQS message body (ASCII, so its length is its size in bytes)
 * @param sequence the producer sequence number written into the header
 * @param operationCount how many operations the body carries
 * @param operationBytes the encoded size of those operations (what they counted for in the packer), so that a
 *     publisher can account its memory buffer exactly
 * @param firstMark the lowest write-ahead journal ordinal of the operations it carries (coalesced ones included),
 *     {@link MessagePacker#NO_MARK} without a journal
 */
public record PackedMessage(String body, long sequence, int operationCount, long operationBytes, long firstMark) {

  /** Size of the body in bytes. */
  public int bodyBytes() {
    return body.length();
  }
}
