package dev.activeactive.evcache.api;

/**
 * A write was refused because a remote region's publish buffer is full (see {@link OverflowPolicy#BLOCK} and
 * {@link OverflowPolicy#FAIL}). It is raised before the local write, so nothing was written anywhere; the write
 * may be retried later.
 */
public class PublishOverflowException extends EVCacheException {

  /** The remote region whose publish buffer was full. */
  private final String region;

  /**
   * @param region the remote region whose buffer is full
   * @param message what happened
   */
  public PublishOverflowException(String region, String message) {
    super(message);
    this.region = region;
  }

  /** The remote region whose publish buffer is full. */
  public String region() {
    return region;
  }
}
