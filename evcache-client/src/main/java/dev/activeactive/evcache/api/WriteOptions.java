package dev.activeactive.evcache.api;

import java.util.OptionalLong;

/**
 * Per-call options of a write ({@code set}, {@code add}, {@code delete}). Immutable.
 *
 * <pre>{@code
 * // the cache write carries the database write's timestamp (Cassandra USING TIMESTAMP), so that getOrLoad
 * // loaders reporting writetime() compare against the same clock
 * cache.set("alice", profile, ttl, WriteOptions.version(writeTimeMicros));
 * }</pre>
 */
public final class WriteOptions {

  private static final WriteOptions DEFAULTS = new WriteOptions(OptionalLong.empty());

  private final OptionalLong versionMicros;

  private WriteOptions(OptionalLong versionMicros) {
    this.versionMicros = versionMicros;
  }

  /** No options: the write's version comes from the client's hybrid logical clock. */
  public static WriteOptions defaults() {
    return DEFAULTS;
  }

  /**
   * The write carries this version instead of one from the client's clock: microseconds since the epoch, for
   * example the database write time of the data being cached. Versions order writes to one key across all
   * regions (larger wins; equal timestamps are ordered by region name). The client's clock is moved past it, so
   * later writes without an explicit version still order after it.
   *
   * <p>A write whose explicit version lies more than the client's {@code maxClockSkew} (default 60 s) ahead of
   * the host's clock is refused with an {@link IllegalArgumentException} and writes nothing: it would beat every
   * later write and delete, and the relays would not apply it.
   *
   * @throws IllegalArgumentException if negative
   */
  public static WriteOptions version(long micros) {
    if (micros < 0) {
      throw new IllegalArgumentException("a version must not be negative: " + micros);
    }
    return new WriteOptions(OptionalLong.of(micros));
  }

  /** The explicit version, if one was given. */
  public OptionalLong versionMicros() {
    return versionMicros;
  }

  @Override
  public String toString() {
    return "WriteOptions{version=" + (versionMicros.isPresent() ? versionMicros.getAsLong() : "clock") + "}";
  }
}
