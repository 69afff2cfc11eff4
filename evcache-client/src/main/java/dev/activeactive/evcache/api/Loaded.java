package dev.activeactive.evcache.api;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a {@code getOrLoad} loader found in the database: a value with or without its version, or nothing.
 *
 * <p>With a version (for example the row's Cassandra {@code writetime()}), the client fills the cache only when
 * that version is not older than a tombstone left by a recent invalidation: a load that read a database replica
 * lagging behind the write that caused the invalidation is returned to the caller but not cached. This only works
 * if the writes that invalidate carry the same clock, i.e. the writer passes the database write time with
 * {@link WriteOptions#version(long)}.
 *
 * <p>Without a version, the client fills over a tombstone only once the tombstone is older than the dataset's
 * {@link DatasetConfig.Builder#fillHoldOff(java.time.Duration) fill hold-off}.
 *
 * @param <V> the value type
 */
public final class Loaded<V> {

  private static final Loaded<?> NOT_FOUND = new Loaded<>(null, OptionalLong.empty());

  private final V value;
  private final OptionalLong versionMicros;

  private Loaded(V value, OptionalLong versionMicros) {
    this.value = value;
    this.versionMicros = versionMicros;
  }

  /**
   * A loaded value and its version in microseconds since the epoch (for example Cassandra's {@code writetime()}).
   *
   * @throws IllegalArgumentException if the version is negative
   */
  public static <V> Loaded<V> of(V value, long versionMicros) {
    if (versionMicros < 0) {
      throw new IllegalArgumentException("a version must not be negative: " + versionMicros);
    }
    return new Loaded<>(Objects.requireNonNull(value, "value"), OptionalLong.of(versionMicros));
  }

  /** A loaded value of unknown version; filled only outside the dataset's hold-off after an invalidation. */
  public static <V> Loaded<V> unversioned(V value) {
    return new Loaded<>(Objects.requireNonNull(value, "value"), OptionalLong.empty());
  }

  /** The database has no such entry: {@code getOrLoad} returns {@code null} and caches nothing. */
  @SuppressWarnings("unchecked")
  public static <V> Loaded<V> notFound() {
    return (Loaded<V>) NOT_FOUND;
  }

  /** The value, or {@code null} for {@link #notFound()}. */
  public V value() {
    return value;
  }

  /** The loaded data's version, if known. */
  public OptionalLong versionMicros() {
    return versionMicros;
  }

  /** Whether the database had the entry. */
  public boolean isFound() {
    return value != null;
  }

  @Override
  public String toString() {
    return value == null ? "Loaded{notFound}" : "Loaded{version=" + (versionMicros.isPresent()
        ? versionMicros.getAsLong() : "unknown") + "}";
  }
}
