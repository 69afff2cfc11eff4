package dev.activeactive.protocol.api.zone;

import net.spy.memcached.CachedData;
import net.spy.memcached.transcoders.Transcoder;

/**
 * A spymemcached transcoder that stores and returns byte arrays untouched: no serialization, no compression, no
 * flag interpretation. Everything this library stores is an envelope it encodes itself, and the envelope carries
 * the user's flags, so the memcached item flags are always {@value #ITEM_FLAGS}.
 *
 * <p>Stateless and thread-safe.
 */
public final class RawBytesTranscoder implements Transcoder<byte[]> {

  /** memcached item flags written with every item. */
  public static final int ITEM_FLAGS = 0;

  /** memcached's default largest item (1 MiB, {@code -I 1m}); the default {@link #getMaxSize()}. */
  public static final int DEFAULT_MAX_ITEM_BYTES = 1024 * 1024;

  private final int maxSize;

  /** A transcoder refusing items larger than {@code maxSize} bytes. */
  public RawBytesTranscoder(int maxSize) {
    if (maxSize <= 0) {
      throw new IllegalArgumentException("maxSize must be positive: " + maxSize);
    }
    this.maxSize = maxSize;
  }

  /** A transcoder for memcached's default 1 MiB item limit. */
  public RawBytesTranscoder() {
    this(DEFAULT_MAX_ITEM_BYTES);
  }

  @Override
  public boolean asyncDecode(CachedData data) {
    return false; // nothing to decode; doing it on the caller's thread is free
  }

  @Override
  public CachedData encode(byte[] bytes) {
    if (bytes.length > maxSize) {
      throw new IllegalArgumentException("item of " + bytes.length + " bytes exceeds the limit of " + maxSize);
    }
    return new CachedData(ITEM_FLAGS, bytes, maxSize);
  }

  @Override
  public byte[] decode(CachedData data) {
    return data.getData();
  }

  @Override
  public int getMaxSize() {
    return maxSize;
  }
}
