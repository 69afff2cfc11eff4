package dev.activeactive.protocol.api.key;

import java.util.Objects;

/**
 * The rule for dataset names. A dataset name becomes the prefix of every memcached key ({@code dataset:key})
 * in every region, so it must be short, ASCII and free of the separator.
 */
public final class DatasetNames {

  /** Longest dataset name in characters (ASCII, so also bytes). */
  public static final int MAX_LENGTH = 64;

  private DatasetNames() {}

  /**
   * Checks a dataset name: 1 to {@value #MAX_LENGTH} characters of {@code [A-Za-z0-9._-]}.
   *
   * @return the name
   * @throws IllegalArgumentException saying which rule was broken
   */
  public static String requireValid(String dataset) {
    String problem = problem(dataset);
    if (problem != null) {
      throw new IllegalArgumentException("invalid dataset name: " + problem);
    }
    return dataset;
  }

  /** Whether {@code dataset} is a valid dataset name. */
  public static boolean isValid(String dataset) {
    return problem(dataset) == null;
  }

  private static String problem(String dataset) {
    Objects.requireNonNull(dataset, "dataset");
    if (dataset.isEmpty() || dataset.length() > MAX_LENGTH) {
      return "must be 1 to " + MAX_LENGTH + " characters, was " + dataset.length();
    }
    for (int i = 0; i < dataset.length(); i++) {
      char c = dataset.charAt(i);
      if (!isNameChar(c)) {
        return "'" + dataset.substring(0, Math.min(i, 16)) + "...' may only contain A-Z, a-z, 0-9, '.', '_' and"
            + " '-'; found U+" + String.format("%04X", (int) c) + " at index " + i;
      }
    }
    return null;
  }

  private static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '.' || c == '_' || c == '-';
  }
}
