package dev.activeactive.examples.drills;

/**
 * One pass/fail statement of a drill's report.
 *
 * @param name what is checked, for example "no key stale 30 s after the heal"
 * @param passed whether it held
 * @param detail the figure behind it
 */
public record Check(String name, boolean passed, String detail) {

  /** {@code [PASS] name: detail}. */
  public String line() {
    return (passed ? "[PASS] " : "[FAIL] ") + name + ": " + detail;
  }
}
