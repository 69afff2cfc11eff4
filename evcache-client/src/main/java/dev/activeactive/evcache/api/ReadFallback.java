package dev.activeactive.evcache.api;

/**
 * When a read moves on from the local zone to the region's other zones (in configuration order). Chosen with
 * {@link EVCacheClientBuilder#readFallback(ReadFallback)}.
 *
 * <p>A zone holding a tombstone (the key was invalidated or deleted) answers "miss" without falling back: another
 * zone may not have applied the invalidation yet and could return a stale value.
 */
public enum ReadFallback {
  /** Read the local zone only. */
  NONE,
  /** Try the next zone when a zone fails (error, timeout, server down). */
  ON_ERROR,
  /** Try the next zone when a zone fails or does not hold the key. The default. */
  ON_MISS_OR_ERROR
}
