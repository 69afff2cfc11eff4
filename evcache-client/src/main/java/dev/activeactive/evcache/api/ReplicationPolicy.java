package dev.activeactive.evcache.api;

/**
 * What a dataset's local writes do to the other regions' caches. Chosen per dataset with
 * {@link DatasetConfig.Builder#replication(ReplicationPolicy)}.
 *
 * <p>Whatever the policy, nothing remote is on the caller's path: the local write completes, then the operation
 * is handed to the publisher, which sends it to every remote region's queue in the background.
 */
public enum ReplicationPolicy {
  /** Local only: nothing is published, not even deletes. For data that is per region by nature. */
  NONE,
  /**
   * Remote regions drop the key (they store a short-lived tombstone carrying the write's version), so their next
   * read misses and reloads from their own database. Deletes are published as deletes.
   */
  INVALIDATE,
  /**
   * Remote regions receive the value and its absolute expiry and store it if it is newer than what they hold. A
   * value too large to fit into one queue message is published as an invalidation instead (counted by the
   * {@code evcache.publisher.replicate.fallbacks} meter). Deletes are published as deletes.
   */
  REPLICATE
}
