package dev.activeactive.protocol.api.apply;

import dev.activeactive.protocol.api.wire.Envelope;

/**
 * What to do to a key, decided by {@link ApplyRules} or {@link FillRules} from what memcached holds.
 *
 * @param action the memcached change to make
 * @param result what to report once the change succeeded (or right away for {@link Action#NONE})
 * @param envelope for {@link Action#STORE}, the envelope to store; otherwise {@code null}
 * @param expiry for {@link Action#STORE}, the memcached expiry (0 = never, &le; 30 days relative, else absolute)
 */
public record ApplyDecision<R>(Action action, R result, Envelope envelope, int expiry) {

  /** The memcached change. */
  public enum Action {
    /** Store {@link #envelope()} ({@code add} if the key was absent, otherwise {@code cas}). */
    STORE,
    /** Delete the key (an unconditional {@code delete}; see {@code CasStore#delete}). */
    DELETE,
    /** Leave the key as it is. */
    NONE
  }

  static <R> ApplyDecision<R> store(Envelope envelope, int expiry, R result) {
    return new ApplyDecision<>(Action.STORE, result, envelope, expiry);
  }

  static <R> ApplyDecision<R> delete(R result) {
    return new ApplyDecision<>(Action.DELETE, result, null, 0);
  }

  static <R> ApplyDecision<R> none(R result) {
    return new ApplyDecision<>(Action.NONE, result, null, 0);
  }
}
