package dev.activeactive.protocol.api.apply;

import dev.activeactive.protocol.api.version.Version;
import dev.activeactive.protocol.api.wire.Envelope;
import dev.activeactive.protocol.api.wire.Operation;
import dev.activeactive.protocol.api.wire.OperationType;

/**
 * The conditional-apply decision for one cross-region operation against what memcached holds for its key, as a
 * pure function. These rules make application idempotent and order-insensitive (last writer wins by
 * {@link Version}), so at-least-once, unordered delivery converges:
 *
 * <ul>
 *   <li>An operation applies only if its version is strictly newer than the stored one, value or tombstone.
 *       Equal versions are duplicates ({@link ApplyResult#DUPLICATE}), older ones are late
 *       ({@link ApplyResult#STALE}); both leave the item alone.
 *   <li>An operation whose version lies more than the skew bound (default
 *       {@value #DEFAULT_MAX_FUTURE_SKEW_SECONDS} s) ahead of the applier's clock is not applied
 *       ({@link ApplyResult#FUTURE_VERSION}), whatever is stored: it would win against every later write.
 *   <li>An absent key, or an item that is not a readable envelope (foreign), counts as older than everything.
 *   <li>A REPLICATE older than its dataset's tombstone window (version timestamp before now minus the tombstone
 *       TTL) is not stored on an absent or foreign key ({@link ApplyResult#REPLICATE_TOO_OLD}): a delete may have
 *       happened since and its tombstone expired already, and storing the value would bring it back in this region
 *       only. The key stays absent, so the next read loads the current value.
 *   <li>REPLICATE stores the value with the operation's absolute expiry. If that expiry has already passed, it
 *       stores a tombstone at the operation's version instead: the value is gone at its origin too, and the
 *       tombstone still keeps older values out.
 *   <li>INVALIDATE and DELETE store a tombstone at their version, even on an absent key (an older REPLICATE may
 *       still be on its way). On a plain-delete dataset they delete the key instead, if it is older (the delete
 *       itself cannot be conditional on the ASCII protocol; deleting a newer value only causes a miss).
 * </ul>
 */
public final class ApplyRules {

  /** How far ahead of the applier's clock a version may be, by default: the clocks' skew bound. */
  public static final long DEFAULT_MAX_FUTURE_SKEW_SECONDS = 60;

  private ApplyRules() {}

  /** {@link #decide(CurrentItem, Operation, DatasetApplyRules, long, long)} with the default skew bound. */
  public static ApplyDecision<ApplyResult> decide(CurrentItem current, Operation op, DatasetApplyRules rules,
      long nowEpochSeconds) {
    return decide(current, op, rules, nowEpochSeconds, DEFAULT_MAX_FUTURE_SKEW_SECONDS);
  }

  /**
   * Decides what to do.
   *
   * @param current what memcached holds for {@code op.key()}
   * @param op the incoming operation
   * @param rules the operation's dataset rules
   * @param nowEpochSeconds the current time, to recognise an already expired value, a too old REPLICATE and a
   *     version from the future
   * @param maxFutureSkewSeconds how far ahead of {@code nowEpochSeconds} a version may be
   */
  public static ApplyDecision<ApplyResult> decide(CurrentItem current, Operation op, DatasetApplyRules rules,
      long nowEpochSeconds, long maxFutureSkewSeconds) {
    if (op.version().timestampMicros() / 1_000_000L > nowEpochSeconds + maxFutureSkewSeconds) {
      return ApplyDecision.none(ApplyResult.FUTURE_VERSION);
    }
    if (current instanceof CurrentItem.Enveloped stored) {
      int order = op.version().compareTo(stored.envelope().version());
      if (order == 0) {
        return ApplyDecision.none(ApplyResult.DUPLICATE);
      }
      if (order < 0) {
        return ApplyDecision.none(ApplyResult.STALE);
      }
    }
    boolean absent = current instanceof CurrentItem.Absent;
    if (op.type() == OperationType.REPLICATE && !(current instanceof CurrentItem.Enveloped)
        && op.version().timestampMicros() / 1_000_000L < nowEpochSeconds - rules.tombstoneTtlSeconds()) {
      return ApplyDecision.none(ApplyResult.REPLICATE_TOO_OLD);
    }
    if (op.type() == OperationType.REPLICATE && !hasExpired(op.expiryEpochSeconds(), nowEpochSeconds)) {
      return ApplyDecision.store(Envelope.value(op.version(), op.flags(), op.value()),
          memcachedExpiry(op.expiryEpochSeconds()), ApplyResult.STORED_VALUE);
    }
    if (rules.plainDelete()) {
      return absent ? ApplyDecision.none(ApplyResult.ALREADY_ABSENT) : ApplyDecision.delete(ApplyResult.DELETED);
    }
    return ApplyDecision.store(Envelope.tombstone(op.version()), rules.tombstoneTtlSeconds(),
        ApplyResult.STORED_TOMBSTONE);
  }

  /** Whether an absolute expiry (0 = never) has passed. */
  static boolean hasExpired(long expiryEpochSeconds, long nowEpochSeconds) {
    return expiryEpochSeconds != 0 && expiryEpochSeconds <= nowEpochSeconds;
  }

  /**
   * An absolute expiry as a memcached expiry argument. memcached reads values over 30 days as absolute Unix time,
   * which every real epoch time is; values past 2038 are clamped because spymemcached sends a signed int.
   */
  static int memcachedExpiry(long expiryEpochSeconds) {
    return (int) Math.min(expiryEpochSeconds, Integer.MAX_VALUE);
  }
}
