package dev.activeactive.evcache.api;

/**
 * How a dataset's {@code set} writes the local region's memcached. Chosen per dataset with
 * {@link DatasetConfig.Builder#localWriteMode(LocalWriteMode)}.
 */
public enum LocalWriteMode {
  /**
   * Read, decide, compare-and-swap: the value is stored only if its version is newer than the version already
   * stored (a value or a tombstone, for example one the relay applied from another region). Costs a {@code gets}
   * and a {@code cas} (or {@code add}) per zone instead of one {@code set}. With it, concurrent writes to one key
   * in two regions converge to the same value in both, even under clock skew. The default.
   */
  CONDITIONAL,
  /**
   * A plain memcached {@code set} of the versioned value: one round trip, the fastest. It may overwrite a newer
   * version stored by the relay, so two regions writing the same key concurrently can end up holding different
   * values until the entries expire or are written again. Use it only for datasets written in one region at a
   * time, or where that divergence is acceptable. Remote application (by the relay) stays conditional.
   */
  UNCONDITIONAL
}
