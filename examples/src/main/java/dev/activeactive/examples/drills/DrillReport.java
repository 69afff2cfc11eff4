package dev.activeactive.examples.drills;

import java.util.List;

/** What a drill prints and what its integration test asserts on. */
public interface DrillReport {

  /** The drill's checks. */
  List<Check> checks();

  /** Whether every check passed. */
  default boolean passed() {
    return checks().stream().allMatch(Check::passed);
  }

  /** The report as text: the figures, then the checks. */
  String render();
}
