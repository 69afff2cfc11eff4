package dev.activeactive.dualwrite.internal.cli;

import picocli.CommandLine.ArgGroup;

/** Puts the {@link RangeOptions} in their own help section. */
final class RangeOptionsMixin {
  @ArgGroup(exclusive = false, multiplicity = "1", heading = "Table and ranges%n")
  RangeOptions options;
}
