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
 *   <li>An absent key, or an item that is not a readable envelope (foreign), counts as older than everything.
 *   <li>REPLICATE stores the value with the operation's absolute expiry. If that expiry has already passed, it
 *       stores a tombstone at the operation's version instead: the value is gone at its origin too, and the
 *       tombstone still keeps older values out.
 *   <li>INVALIDATE and DELETE store a tombstone at their version, even on an absent key (an older REPLICATE may
 *       still be on its way). On a plain-delete dataset they delete the key instead, if it is older (the delete
 *       itself cannot be conditional on the ASCII protocol; deleting a newer value only causes a miss).
 * </ul>
 */
public final class ApplyRules {

  private ApplyRules() {}

  /**
   * Decides what to do.
   *
   * @param current what memcached holds for {@code op.key()}
   * @param op the incoming operation
   * @param rules the operation's dataset rules
   * @param nowEpochSeconds the current time, to recognise an already expired value
   */
  public static ApplyDecision<ApplyResult> decide(CurrentItem current, Operation op, DatasetApplyRules rules,
      long nowEpochSeconds) {
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
