package dev.activeactive.relay.api;

/**
 * What becomes of a message the relay rejects as bad input (it does not decode, its signature is wrong, it
 * claims to come from this region). It is never applied either way.
 */
public enum RejectedMessages {
  /**
   * The default. The queue must have a redrive policy (start-up refuses a queue without one); a rejected
   * message is made visible again at once, so it reaches maxReceiveCount, and the dead-letter queue where it can
   * be inspected, within seconds.
   */
  DEAD_LETTER_QUEUE,
  /**
   * For queues without a redrive policy, stated on purpose. A rejected message stays on the queue and is hidden
   * for the longest visibility timeout SQS allows (12 h) each time it comes back, instead of looping hot; it
   * expires with the queue's retention period. Watch {@code relay.messages{outcome=rejected}}.
   */
  BACK_OFF
}
