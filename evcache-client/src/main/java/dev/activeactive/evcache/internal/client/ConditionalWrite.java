package dev.activeactive.evcache.internal.client;

import dev.activeactive.protocol.api.apply.ApplyDecision;
import dev.activeactive.protocol.api.apply.ApplyResult;
import dev.activeactive.protocol.api.apply.ApplyRules;
import dev.activeactive.protocol.api.apply.CurrentItem;
import dev.activeactive.protocol.api.apply.DatasetApplyRules;
import dev.activeactive.protocol.api.version.HybridClock;
import dev.activeactive.protocol.api.version.MicrosClock;
import dev.activeactive.protocol.api.wire.EnvelopeCodec;
import dev.activeactive.protocol.api.wire.Operation;
import dev.activeactive.protocol.api.zone.CasStore;
import dev.activeactive.protocol.api.zone.CasStore.CasItem;
import java.util.concurrent.CompletableFuture;

/**
 * A local write (value or tombstone) in one zone, conditional on the version stored there: read with
 * {@code gets}, decide with {@link ApplyRules}, write with {@code add} or {@code cas}, again if the item changed.
 *
 * <p>Unlike the relay's applier, a write that loses to a newer stored version moves this client's clock past
 * that version: otherwise a writer keeps losing to a region whose clock runs ahead, write after write.
 *
 * <p>Thread-safe; asynchronous.
 */
final class ConditionalWrite {

  private final HybridClock clock;
  private final MicrosClock wallClock;
  private final int maxAttempts;

  ConditionalWrite(HybridClock clock, MicrosClock wallClock, int maxAttempts) {
    this.clock = clock;
    this.wallClock = wallClock;
    this.maxAttempts = maxAttempts;
  }

  /**
   * Applies {@code op} to one zone.
   *
   * @return the result; {@link ApplyResult#CONFLICT_RETRIES_EXHAUSTED} when the key kept changing
   */
  CompletableFuture<ApplyResult> apply(CasStore store, Operation op, DatasetApplyRules rules) {
    return attempt(store, op, rules, 1);
  }

  private CompletableFuture<ApplyResult> attempt(CasStore store, Operation op, DatasetApplyRules rules,
      int attempt) {
    return store.gets(op.key()).thenCompose(item -> {
      CurrentItem current = CurrentItem.of(item == null ? null : item.bytes());
      ApplyDecision<ApplyResult> decision = ApplyRules.decide(current, op, rules,
          wallClock.nowMicros() / 1_000_000L);
      if (decision.result() == ApplyResult.STALE && current instanceof CurrentItem.Enveloped stored) {
        clock.observe(stored.envelope().version());
      }
      return write(store, op.key(), item, decision).thenCompose(done -> {
        if (done) {
          return CompletableFuture.completedFuture(decision.result());
        }
        if (attempt >= maxAttempts) {
          return CompletableFuture.completedFuture(ApplyResult.CONFLICT_RETRIES_EXHAUSTED);
        }
        return attempt(store, op, rules, attempt + 1);
      });
    });
  }

  /** Carries out a decision; {@code false} when the item changed since it was read. */
  private static CompletableFuture<Boolean> write(CasStore store, String key, CasItem read,
      ApplyDecision<ApplyResult> decision) {
    return switch (decision.action()) {
      case NONE -> CompletableFuture.completedFuture(true);
      // unconditional (the text protocol has no CAS delete); absent afterwards either way
      case DELETE -> store.delete(key).thenApply(deleted -> true);
      case STORE -> {
        byte[] bytes = EnvelopeCodec.encode(decision.envelope());
        yield read == null ? store.add(key, decision.expiry(), bytes)
            : store.cas(key, read.cas(), decision.expiry(), bytes)
                .thenApply(outcome -> outcome == CasStore.CasOutcome.STORED);
      }
    };
  }
}
