package dev.activeactive.protocol.api.version;

import java.util.Objects;

/**
 * The version of one write to one key: a timestamp in microseconds since the epoch and the region that issued
 * it. Versions are totally ordered: by timestamp, then by region name (byte-wise, region names are ASCII) as a
 * tie-break, so two regions that write the same key in the same microsecond still agree on which write wins.
 *
 * <p>Microseconds, not milliseconds, so that a version can equal a Cassandra client-side write timestamp
 * ({@code USING TIMESTAMP}, {@code writetime()}): users may pass the database write timestamp as the cache
 * write's version, and a cache-aside loader may report the loaded row's write time.
 */
public record Version(long timestampMicros, String originRegion) implements Comparable<Version> {

  /** Longest region name, in characters (ASCII, so also bytes); keeps the envelope header small and bounded. */
  public static final int MAX_REGION_LENGTH = 64;

  /**
   * @throws IllegalArgumentException if the timestamp is negative or the region name is not 1 to
   *     {@value #MAX_REGION_LENGTH} characters of {@code [A-Za-z0-9._-]}
   */
  public Version {
    if (timestampMicros < 0) {
      throw new IllegalArgumentException("version timestamp must not be negative: " + timestampMicros);
    }
    requireValidRegion(originRegion);
  }

  /** Whether this version orders strictly after {@code other}. */
  public boolean isNewerThan(Version other) {
    return compareTo(other) > 0;
  }

  /** Whether this version orders strictly before {@code other}. */
  public boolean isOlderThan(Version other) {
    return compareTo(other) < 0;
  }

  @Override
  public int compareTo(Version other) {
    int byTime = Long.compare(timestampMicros, other.timestampMicros);
    // Region names are restricted to ASCII, so String order equals byte order in every language that decodes
    // the wire format; that keeps the tie-break identical everywhere.
    return byTime != 0 ? byTime : originRegion.compareTo(other.originRegion);
  }

  /** The larger of two versions. */
  public static Version max(Version a, Version b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  @Override
  public String toString() {
    return timestampMicros + "@" + originRegion;
  }

  /**
   * Checks a region name against the rule every version and message header follows.
   *
   * @return the name
   * @throws IllegalArgumentException naming the rule that was broken
   */
  public static String requireValidRegion(String region) {
    Objects.requireNonNull(region, "region");
    if (region.isEmpty() || region.length() > MAX_REGION_LENGTH) {
      throw new IllegalArgumentException(
          "region name must be 1 to " + MAX_REGION_LENGTH + " characters, was " + region.length());
    }
    for (int i = 0; i < region.length(); i++) {
      char c = region.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '-';
      if (!ok) {
        throw new IllegalArgumentException(
            "region name may only contain A-Z, a-z, 0-9, '.', '_' and '-'; found U+"
                + String.format("%04X", (int) c) + " at index " + i);
      }
    }
    return region;
  }
}
