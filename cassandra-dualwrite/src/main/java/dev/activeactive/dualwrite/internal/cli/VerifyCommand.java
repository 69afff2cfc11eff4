package dev.activeactive.dualwrite.internal.cli;

import dev.activeactive.dualwrite.api.RowDifference;
import dev.activeactive.dualwrite.api.Verify;
import dev.activeactive.dualwrite.api.VerifyReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dualwrite verify}: compares a table on both sides, optionally repairing it. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Compares a table between the source and destination keyspaces and lists rows missing on "
        + "either side or differing. With --repair, copies each newer cell to the side that lacks it. Exit code "
        + "0 when both agree (or everything found was repaired), 4 when differences remain.")
final class VerifyCommand implements Callable<Integer> {
  /** Not 1 (an error) nor 2 (picocli's usage error), so scripts can tell "differences remain" apart. */
  static final int EXIT_DIFFERENCES = 4;

  @ArgGroup(exclusive = false, multiplicity = "1", heading = "Connection%n")
  ConnectionOptions connection;

  @Mixin
  RangeOptionsMixin ranges;

  @Option(names = "--repair", description = "Repair the differences found (newer write time wins).")
  boolean repair;

  @Option(names = "--max-reported", defaultValue = "100",
      description = "Differences listed in full (all are counted; default: ${DEFAULT-VALUE}).")
  int maxReported;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Sessions sessions = new Sessions(connection)) {
      VerifyReport report = ranges.options.apply(Verify.builder()
              .source(sessions.sourceTarget).destination(sessions.destinationTarget))
          .repair(repair)
          .maxReportedDifferences(maxReported)
          .build()
          .run();
      for (RowDifference difference : report.samples()) {
        out.printf("%-22s %s  columns %s%n", difference.kind(), difference.key(), difference.columns());
      }
      out.printf("verify: %d ranges, %d source rows, %d destination rows, %d missing in destination, "
              + "%d missing in source, %d differing, %d cells repaired, %.1f s%n", report.rangesChecked(),
          report.sourceRows(), report.destinationRows(), report.missingInDestination(), report.missingInSource(),
          report.differing(), report.cellsRepaired(), report.elapsed().toMillis() / 1000.0);
      out.flush();
      boolean settled = report.consistent() || (repair && report.complete());
      return settled ? 0 : EXIT_DIFFERENCES;
    }
  }
}
