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
 * @param operationsRefused operations of otherwise good messages that a zone did not apply, by reason, counted
 *     once per zone: {@code FUTURE_VERSION} (version beyond the skew bound) and {@code REPLICATE_TOO_OLD} (a
 *     REPLICATE older than its tombstone window met an absent key); their messages are settled and deleted
 */
public record RelayStats(long messagesApplied, long operationsApplied, long messagesRetried,
    Map<String, Long> messagesRejected, Map<String, Long> operationsRefused) {

  /** Built by the relay for {@link InvalidationRelay#stats()}; the maps are copied, so a snapshot never changes. */
  public RelayStats {
    messagesRejected = Map.copyOf(messagesRejected);
    operationsRefused = Map.copyOf(operationsRefused);
  }

  /** All rejected messages, whatever the reason. */
  public long rejectedTotal() {
    return messagesRejected.values().stream().mapToLong(Long::longValue).sum();
  }
}
