package dev.activeactive.evcache.internal.client;

import dev.activeactive.evcache.api.EVCacheException;

/**
 * A zone's write failed in a way that is known to have left the zone unchanged (a conditional write that gave up
 * on a contended key: its last attempt was refused). Every other failure may have landed.
 */
final class NothingWrittenException extends EVCacheException {

  private static final long serialVersionUID = 1L;

  NothingWrittenException(String message) {
    super(message);
  }
}
