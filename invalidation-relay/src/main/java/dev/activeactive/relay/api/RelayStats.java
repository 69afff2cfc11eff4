package dev.activeactive.relay.api;

import java.util.Map;

/**
 * What a relay has done since it started. The same figures, and more, are exported as Micrometer meters
 * ({@code relay.*}).
 *
 * @param messagesApplied messages whose every operation was applied in every zone, and then deleted
 * @param operationsApplied operations applied (each counted once, however many zones)
 * @param messagesRetried messages left on the queue to retry because a zone failed
 * @param messagesRejected messages rejected as bad input, by reason; they are never applied and reach the
 *     dead-letter queue
 */
public record RelayStats(long messagesApplied, long operationsApplied, long messagesRetried,
    Map<String, Long> messagesRejected) {

  public RelayStats {
    messagesRejected = Map.copyOf(messagesRejected);
  }

  /** All rejected messages, whatever the reason. */
  public long rejectedTotal() {
    return messagesRejected.values().stream().mapToLong(Long::longValue).sum();
  }
}
