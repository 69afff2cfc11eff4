package dev.activeactive.evcache.internal.client;

import dev.activeactive.protocol.api.apply.ApplyDecision;
import dev.activeactive.protocol.api.apply.ApplyResult;
import dev.activeactive.protocol.api.apply.ApplyRules;
import dev.activeactive.protocol.api.apply.CurrentItem;
import dev.activeactive.protocol.api.apply.DatasetApplyRules;
import dev.activeactive.protocol.api.version.HybridClock;
import dev.activeactive.protocol.api.version.MicrosClock;
import dev.activeactive.protocol.api.wire.Envelope;
import dev.activeactive.protocol.api.wire.EnvelopeCodec;
import dev.activeactive.protocol.api.wire.Operation;
import dev.activeactive.protocol.api.zone.CasStore.CasItem;
import dev.activeactive.protocol.api.zone.CasStore.CasOutcome;
import dev.activeactive.protocol.api.zone.CasStore.StoreReply;
import dev.activeactive.protocol.api.zone.ZoneStore;
import java.util.concurrent.CompletableFuture;

/**
 * A local write (value or tombstone) in one zone, conditional on the version stored there: read with
 * {@code gets}, decide with {@link ApplyRules}, write with {@code add} or {@code cas}, again if the item changed.
 *
 * <p>When this client remembers the item it last stored under the key in that zone ({@link OwnWrites}), it
 * decides against the remembered version and compare-and-swaps against the remembered CAS id directly: one round
 * trip. The swap succeeds only if the item is still exactly the one remembered, so the decision was made against
 * what is really stored; if it fails (someone else wrote, the item was evicted) the write reads and decides
 * again as usual. Every store reports the new CAS id (memcached's meta protocol), which is remembered for the next
 * write.
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
  private final OwnWrites own;

  ConditionalWrite(HybridClock clock, MicrosClock wallClock, int maxAttempts, OwnWrites own) {
    this.clock = clock;
    this.wallClock = wallClock;
    this.maxAttempts = maxAttempts;
    this.own = own;
  }

  /**
   * Applies {@code op} to one zone.
   *
   * @return the result; {@link ApplyResult#CONFLICT_RETRIES_EXHAUSTED} when the key kept changing
   */
  CompletableFuture<ApplyResult> apply(ZoneStore store, Operation op, DatasetApplyRules rules) {
    long generation = store.casGeneration();
    OwnWrites.Known known = own.recall(store.name(), op.key(), generation);
    if (known != null) {
      ApplyDecision<ApplyResult> decision = decide(
          new CurrentItem.Enveloped(Envelope.tombstone(known.version())), op, rules);
      // a remembered newer version may since have been evicted or deleted: only a store is decided from memory
      if (decision.action() == ApplyDecision.Action.STORE) {
        return swapRemembered(store, op, rules, known, decision, generation);
      }
    }
    return attempt(store, op, rules, 1, generation);
  }

  private CompletableFuture<ApplyResult> swapRemembered(ZoneStore store, Operation op, DatasetApplyRules rules,
      OwnWrites.Known known, ApplyDecision<ApplyResult> decision, long generation) {
    String key = op.key();
    return store.casReturningCas(key, known.cas(), decision.expiry(), EnvelopeCodec.encode(decision.envelope()))
        .whenComplete((reply, error) -> {
          if (error != null) {
            own.forget(store.name(), key); // ambiguous: it may have been stored, with an id nobody told us
          }
        })
        .thenCompose(reply -> {
          if (reply.stored()) {
            own.remember(store.name(), key, reply.cas(), decision.envelope().version(), generation);
            return CompletableFuture.completedFuture(decision.result());
          }
          own.forget(store.name(), key);
          return attempt(store, op, rules, 1, generation);
        });
  }

  private ApplyDecision<ApplyResult> decide(CurrentItem current, Operation op, DatasetApplyRules rules) {
    return ApplyRules.decide(current, op, rules, wallClock.nowMicros() / 1_000_000L);
  }

  private CompletableFuture<ApplyResult> attempt(ZoneStore store, Operation op, DatasetApplyRules rules,
      int attempt, long generation) {
    return store.gets(op.key()).thenCompose(item -> {
      CurrentItem current = CurrentItem.of(item == null ? null : item.bytes());
      ApplyDecision<ApplyResult> decision = decide(current, op, rules);
      if (current instanceof CurrentItem.Enveloped stored && decision.action() == ApplyDecision.Action.NONE) {
        if (decision.result() == ApplyResult.STALE) {
          clock.observe(stored.envelope().version());
        }
        // the next write of the key, newer by then, can swap against what is stored now
        own.remember(store.name(), op.key(), item.cas(), stored.envelope().version(), generation);
      }
      return write(store, op.key(), item, decision, generation).thenCompose(done -> {
        if (done) {
          return CompletableFuture.completedFuture(decision.result());
        }
        if (attempt >= maxAttempts) {
          return CompletableFuture.completedFuture(ApplyResult.CONFLICT_RETRIES_EXHAUSTED);
        }
        return attempt(store, op, rules, attempt + 1, generation);
      });
    });
  }

  /** Carries out a decision; {@code false} when the item changed since it was read. */
  private CompletableFuture<Boolean> write(ZoneStore store, String key, CasItem read,
      ApplyDecision<ApplyResult> decision, long generation) {
    return switch (decision.action()) {
      case NONE -> CompletableFuture.completedFuture(true);
      // unconditional (the text protocol has no CAS delete); absent afterwards either way
      case DELETE -> {
        own.forget(store.name(), key);
        yield store.delete(key).thenApply(deleted -> true);
      }
      case STORE -> {
        byte[] bytes = EnvelopeCodec.encode(decision.envelope());
        if (!own.enabled()) {
          yield read == null ? store.add(key, decision.expiry(), bytes)
              : store.cas(key, read.cas(), decision.expiry(), bytes).thenApply(o -> o == CasOutcome.STORED);
        }
        CompletableFuture<StoreReply> stored = read == null ? store.addReturningCas(key, decision.expiry(), bytes)
            : store.casReturningCas(key, read.cas(), decision.expiry(), bytes);
        yield stored.whenComplete((reply, error) -> {
          if (error != null || !reply.stored()) {
            own.forget(store.name(), key);
          } else {
            own.remember(store.name(), key, reply.cas(), decision.envelope().version(), generation);
          }
        }).thenApply(StoreReply::stored);
      }
    };
  }
}
