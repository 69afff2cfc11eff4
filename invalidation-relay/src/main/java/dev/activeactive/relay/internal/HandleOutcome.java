package dev.activeactive.relay.internal;

/** What became of one SQS message. */
sealed interface HandleOutcome {

  /**
   * Every operation is applied in every zone: delete the message.
   *
   * @param originRegion the region that published it (the message header's, authenticated when signed)
   */
  record Applied(int operations, long publishTimeMillis, String originRegion) implements HandleOutcome {}

  /** Bad input: never applied; left on the queue so that the redrive policy moves it to the dead-letter queue. */
  record Rejected(String reason, String detail) implements HandleOutcome {}

  /** A zone failed: left on the queue, it comes back after the visibility timeout. */
  record Retry(Throwable cause) implements HandleOutcome {}
}
