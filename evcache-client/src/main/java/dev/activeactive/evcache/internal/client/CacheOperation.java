package dev.activeactive.evcache.internal.client;

/**
 * The operations of a dataset, as the zones, the events and the meters name them; the tag is the value of the
 * meters' {@code operation} tag.
 */
public enum CacheOperation {
  GET("get"),
  GET_BULK("getBulk"),
  SET("set"),
  ADD("add"),
  DELETE("delete"),
  TOUCH("touch"),
  GET_OR_LOAD("getOrLoad"),
  /** The cache-aside write of a loaded value; part of {@link #GET_OR_LOAD}, not called by users on its own. */
  FILL("fill");

  private final String tag;

  CacheOperation(String tag) {
    this.tag = tag;
  }

  /** The value of the meters' {@code operation} tag. */
  public String tag() {
    return tag;
  }

  /** Whether users call it on a {@link dev.activeactive.evcache.api.DatasetCache} (and so it has latency meters). */
  public boolean isCalledByUsers() {
    return this != FILL;
  }

  /** Whether it reads (and so has hit and miss counters). */
  public boolean isRead() {
    return this == GET || this == GET_BULK || this == GET_OR_LOAD;
  }
}
