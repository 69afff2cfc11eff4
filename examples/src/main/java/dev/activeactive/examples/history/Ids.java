package dev.activeactive.examples.history;

import java.util.regex.Pattern;

/**
 * The ids the API accepts for users and titles. Restricting them keeps every cache key a valid memcached key
 * (no whitespace or control characters, far below 250 bytes) and every URL path segment free of escaping.
 */
public final class Ids {

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private Ids() {}

  /**
   * Returns {@code id} if it is 1-64 characters of {@code [A-Za-z0-9._-]}.
   *
   * @throws IllegalArgumentException otherwise, naming {@code what}
   */
  public static String require(String what, String id) {
    if (id == null || !VALID.matcher(id).matches()) {
      throw new IllegalArgumentException(what + " must be 1-64 characters of [A-Za-z0-9._-], was '" + id + "'");
    }
    return id;
  }

  /** Whether {@code id} is valid. */
  public static boolean isValid(String id) {
    return id != null && VALID.matcher(id).matches();
  }
}
