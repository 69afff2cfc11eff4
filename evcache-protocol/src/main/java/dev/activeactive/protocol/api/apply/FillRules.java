package dev.activeactive.protocol.api.apply;

import dev.activeactive.protocol.api.version.Version;
import dev.activeactive.protocol.api.wire.Envelope;

/**
 * The decision for a cache-aside fill, as a pure function. After an invalidation, a reader may load from a
 * database replica that has not yet received the new row; these rules keep such a stale load out of the cache:
 *
 * <ul>
 *   <li>A fill never replaces a value: if one is present, someone wrote or filled meanwhile.
 *   <li>A fill with a loaded version replaces a tombstone only if the loaded version's timestamp is not older
 *       than the tombstone's (the load saw at least the write that caused the tombstone). Only timestamps are
 *       compared: a database write time has no region.
 *   <li>A fill without a loaded version replaces a tombstone only once the tombstone is older than the dataset's
 *       hold-off (by then the database replica is expected to have caught up).
 *   <li>An absent key or a foreign item is filled.
 * </ul>
 *
 * <p>The stored value's version: with a loaded version, the larger of (loaded timestamp, local region) and the
 * replaced tombstone's version, so stored versions never go backwards; without one, the replaced tombstone's
 * version, or timestamp 0 on an absent key, so that every real write or invalidation, however late, wins over
 * data of unknown age.
 */
public final class FillRules {

  private FillRules() {}

  /**
   * Decides what to do.
   *
   * @param current what memcached holds for the key
   * @param fill the loaded value
   * @param nowMicros the current wall-clock time, for the hold-off
   */
  public static ApplyDecision<FillResult> decide(CurrentItem current, FillRequest fill, long nowMicros) {
    Version version;
    if (current instanceof CurrentItem.Enveloped stored) {
      Envelope envelope = stored.envelope();
      if (!envelope.isTombstone()) {
        return ApplyDecision.none(FillResult.SKIPPED_VALUE_PRESENT);
      }
      Version tombstone = envelope.version();
      if (fill.loadedVersionMicros().isPresent()) {
        long loaded = fill.loadedVersionMicros().getAsLong();
        if (loaded < tombstone.timestampMicros()) {
          return ApplyDecision.none(FillResult.SKIPPED_TOMBSTONE_NEWER);
        }
        version = Version.max(new Version(loaded, fill.localRegion()), tombstone);
      } else {
        if (nowMicros - tombstone.timestampMicros() < fill.holdOffMicros()) {
          return ApplyDecision.none(FillResult.SKIPPED_HOLD_OFF);
        }
        version = tombstone;
      }
    } else {
      version = new Version(fill.loadedVersionMicros().orElse(0), fill.localRegion());
    }
    return ApplyDecision.store(Envelope.value(version, fill.flags(), fill.payload()),
        ApplyRules.memcachedExpiry(fill.expiryEpochSeconds()), FillResult.FILLED);
  }
}
