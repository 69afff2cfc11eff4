package dev.activeactive.evcache.internal.publish;

import java.util.List;

/**
 * What SQS answered to a {@code SendMessageBatch}: which entries failed. An empty list means every entry was
 * stored.
 *
 * @param failed the failed entries
 */
public record BatchOutcome(List<Failure> failed) {

  /** Every entry was stored. */
  public static final BatchOutcome ALL_SENT = new BatchOutcome(List.of());

  /** Copies the list. */
  public BatchOutcome {
    failed = List.copyOf(failed);
  }

  /** Whether every entry was stored. */
  public boolean allSent() {
    return failed.isEmpty();
  }

  /**
   * One failed entry.
   *
   * @param index the entry's position in the request
   * @param senderFault whether SQS blames the request (the entry will never succeed; not retried) rather than
   *     itself (retried)
   * @param code SQS's error code, for logs
   */
  public record Failure(int index, boolean senderFault, String code) {}
}
