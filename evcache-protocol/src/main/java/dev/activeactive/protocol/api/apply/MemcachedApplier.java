package dev.activeactive.protocol.api.apply;

import dev.activeactive.protocol.api.version.MicrosClock;
import dev.activeactive.protocol.api.wire.EnvelopeCodec;
import dev.activeactive.protocol.api.wire.Operation;
import dev.activeactive.protocol.api.zone.CasStore;
import dev.activeactive.protocol.api.zone.CasStore.CasItem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies operations and cache-aside fills to one memcached zone with an optimistic CAS loop: read the item with
 * {@code gets}, decide with {@link ApplyRules} or {@link FillRules}, then write with {@code add} (key was absent)
 * or {@code cas}. If the item changed in between, read again and decide again, at most {@code maxAttempts} times.
 * Because every store is made against the item actually replaced, a concurrent writer can never be overwritten by
 * something older. Plain deletes (datasets without tombstones) are unconditional {@code delete}s: the ASCII
 * protocol has no CAS delete, and removing a newer value only costs a miss.
 *
 * <p>Used by the relay for remote operations and by the client for local deletes and fills. Thread-safe;
 * asynchronous (nothing blocks), failures of the store surface as failed futures.
 */
public final class MemcachedApplier {

  private static final Logger log = LoggerFactory.getLogger(MemcachedApplier.class);

  private final CasStore store;
  private final Function<String, DatasetApplyRules> rulesByDataset;
  private final MicrosClock clock;
  private final int maxAttempts;
  private final long maxFutureSkewSeconds;

  /**
   * @param store the zone
   * @param rulesByDataset the removal rules of each dataset (by dataset name); must not return {@code null};
   *     {@code null} to use the rules each operation carries (see {@link #usingOperationRules})
   * @param clock the wall clock (expired values, fill hold-off)
   * @param maxAttempts how many read-decide-write rounds to try before giving up on a contended key
   */
  public MemcachedApplier(CasStore store, Function<String, DatasetApplyRules> rulesByDataset, MicrosClock clock,
      int maxAttempts) {
    this(store, rulesByDataset, clock, maxAttempts, ApplyRules.DEFAULT_MAX_FUTURE_SKEW_SECONDS);
  }

  /**
   * As {@link #MemcachedApplier(CasStore, Function, MicrosClock, int)}, with the skew bound: an operation whose
   * version lies more than {@code maxFutureSkewSeconds} ahead of {@code clock} is not applied
   * ({@link ApplyResult#FUTURE_VERSION}).
   */
  public MemcachedApplier(CasStore store, Function<String, DatasetApplyRules> rulesByDataset, MicrosClock clock,
      int maxAttempts, long maxFutureSkewSeconds) {
    if (maxFutureSkewSeconds < 1) {
      throw new IllegalArgumentException("maxFutureSkewSeconds must be at least 1: " + maxFutureSkewSeconds);
    }
    this.maxFutureSkewSeconds = maxFutureSkewSeconds;
    this.store = Objects.requireNonNull(store, "store");
    this.rulesByDataset = rulesByDataset;
    this.clock = Objects.requireNonNull(clock, "clock");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    this.maxAttempts = maxAttempts;
  }

  /**
   * An applier that applies each operation with the dataset rules it carries ({@link Operation#rules()}), as its
   * publisher is configured: the relay's, which holds no dataset settings of its own.
   */
  public static MemcachedApplier usingOperationRules(CasStore store, MicrosClock clock, int maxAttempts,
      long maxFutureSkewSeconds) {
    return new MemcachedApplier(store, null, clock, maxAttempts, maxFutureSkewSeconds);
  }

  /** Applies one cross-region operation (or a local removal) to the zone. */
  public CompletableFuture<ApplyResult> apply(Operation op) {
    return loop(op.key(), 1, decisionFor(op), ApplyResult.CONFLICT_RETRIES_EXHAUSTED);
  }

  private Function<CurrentItem, ApplyDecision<ApplyResult>> decisionFor(Operation op) {
    DatasetApplyRules rules = rulesByDataset == null ? op.rules()
        : Objects.requireNonNull(rulesByDataset.apply(op.dataset()), "rules for dataset");
    return current -> ApplyRules.decide(current, op, rules, clock.nowMicros() / 1_000_000L, maxFutureSkewSeconds);
  }

  /**
   * Applies many operations (typically one message's) to the zone: one multi-key read of all their keys, then a
   * write for each key that needs one, so a key costs one command plus its share of the read instead of two. A
   * key whose item changed between the read and the write continues in {@link #apply}'s read-decide-write loop.
   * Operations on a key that occurs more than once run one after the other, in list order.
   *
   * @return the results, in the order of {@code ops}; fails if the store fails for any of them
   */
  public CompletableFuture<List<ApplyResult>> applyAll(List<Operation> ops) {
    List<String> distinctKeys = new ArrayList<>(ops.size());
    Map<String, Integer> lastIndexOfKey = new HashMap<>();
    int[] previousOfSameKey = new int[ops.size()];
    for (int i = 0; i < ops.size(); i++) {
      Integer previous = lastIndexOfKey.put(ops.get(i).key(), i);
      previousOfSameKey[i] = previous == null ? -1 : previous;
      if (previous == null) {
        distinctKeys.add(ops.get(i).key());
      }
    }
    return store.getsAll(distinctKeys).thenCompose(items -> {
      List<CompletableFuture<ApplyResult>> results = new ArrayList<>(ops.size());
      for (int i = 0; i < ops.size(); i++) {
        Operation op = ops.get(i);
        if (previousOfSameKey[i] < 0) {
          results.add(decideAndWrite(op.key(), 1, items.get(op.key()), decisionFor(op),
              ApplyResult.CONFLICT_RETRIES_EXHAUSTED));
        } else {
          // the read above predates the earlier operation's write: read again once it is done
          results.add(results.get(previousOfSameKey[i]).thenCompose(earlier -> apply(op)));
        }
      }
      return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
          .thenApply(v -> results.stream().map(CompletableFuture::join).toList());
    });
  }

  /** Stores a value loaded after a miss, if {@link FillRules} allow it. */
  public CompletableFuture<FillResult> fill(FillRequest fill) {
    return loop(fill.key(), 1, current -> FillRules.decide(current, fill, clock.nowMicros()),
        FillResult.CONFLICT_RETRIES_EXHAUSTED);
  }

  private <R> CompletableFuture<R> loop(String key, int attempt, Function<CurrentItem, ApplyDecision<R>> decide,
      R exhausted) {
    return store.gets(key).thenCompose(item -> decideAndWrite(key, attempt, item, decide, exhausted));
  }

  /** One round of the loop from an item already read ({@code null}: absent). */
  private <R> CompletableFuture<R> decideAndWrite(String key, int attempt, CasItem item,
      Function<CurrentItem, ApplyDecision<R>> decide, R exhausted) {
    CurrentItem current = CurrentItem.of(item == null ? null : item.bytes());
    if (current instanceof CurrentItem.Foreign foreign) {
      log.debug("replacing an item that is not a readable envelope ({})", foreign.reason());
    }
    ApplyDecision<R> decision = decide.apply(current);
    return write(key, item, decision).thenCompose(done -> {
      if (done) {
        return CompletableFuture.completedFuture(decision.result());
      }
      if (attempt >= maxAttempts) {
        log.warn("gave up on a contended key after {} attempts", attempt);
        return CompletableFuture.completedFuture(exhausted);
      }
      return loop(key, attempt + 1, decide, exhausted);
    });
  }

  /** Performs the decision; completes with {@code false} when the item changed since {@code item} was read. */
  private CompletableFuture<Boolean> write(String key, CasItem item, ApplyDecision<?> decision) {
    switch (decision.action()) {
      case NONE:
        return CompletableFuture.completedFuture(true);
      case DELETE:
        // unconditional (see CasStore#delete); absent afterwards either way, so the decision is carried out
        return store.delete(key).thenApply(deleted -> true);
      case STORE:
        byte[] bytes = EnvelopeCodec.encode(decision.envelope());
        if (item == null) {
          return store.add(key, decision.expiry(), bytes);
        }
        return store.cas(key, item.cas(), decision.expiry(), bytes)
            .thenApply(outcome -> outcome == CasStore.CasOutcome.STORED);
      default:
        throw new IllegalStateException("unknown action " + decision.action());
    }
  }
}
