package dev.activeactive.evcache.api;

/**
 * A cache operation failed: the zones could not complete it under the write completion policy, every zone that
 * was tried failed a read, a loader failed, or the client is closed. The synchronous methods throw it; the
 * asynchronous ones complete their future exceptionally with it. The cause, when there is one, is the underlying
 * failure (for example a timeout). Messages never contain keys or values.
 *
 * <p>Invalid arguments (bad keys, oversized values) are not reported with this exception but with an
 * {@link IllegalArgumentException}, thrown directly by the synchronous and the asynchronous methods, before
 * anything is sent.
 */
public class EVCacheException extends RuntimeException {

  /** With a message. */
  public EVCacheException(String message) {
    super(message);
  }

  /** With a message and a cause. */
  public EVCacheException(String message, Throwable cause) {
    super(message, cause);
  }
}
