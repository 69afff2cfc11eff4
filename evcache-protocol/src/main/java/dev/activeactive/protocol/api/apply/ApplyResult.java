package dev.activeactive.protocol.api.apply;

/** The outcome of applying one operation to one memcached zone; stable names, suitable as metric tags. */
public enum ApplyResult {
  /** A replicated value was stored (it was newer than what was there). */
  STORED_VALUE,
  /** A tombstone was stored (INVALIDATE/DELETE newer than what was there, or an already expired REPLICATE). */
  STORED_TOMBSTONE,
  /** The key was deleted (plain-delete dataset). */
  DELETED,
  /** Nothing to do: the key was absent and the dataset uses plain deletes. */
  ALREADY_ABSENT,
  /** The stored version equals the operation's: a duplicate delivery, nothing changed. */
  DUPLICATE,
  /** The stored version is newer: the operation arrived late, nothing changed. */
  STALE,
  /**
   * A REPLICATE older than its dataset's tombstone window met an absent (or unreadable) key and was not stored:
   * a delete of that key may have happened since and its tombstone expired, so nothing proves the value is still
   * current. The key stays absent (the next read misses and loads). Settled.
   */
  REPLICATE_TOO_OLD,
  /**
   * The operation's version lies further in the future than the skew bound allows (a version in nanoseconds by
   * mistake, a broken clock, a forged message); it was not applied, since it would beat every later write and
   * delete. Settled (nothing will make it acceptable later); counted by the relay.
   */
  FUTURE_VERSION,
  /** The item kept changing under us and the CAS loop gave up; retry later. */
  CONFLICT_RETRIES_EXHAUSTED;

  /** Whether the zone now reflects the operation (applied, or superseded by something at least as new). */
  public boolean isSettled() {
    return this != CONFLICT_RETRIES_EXHAUSTED;
  }
}
