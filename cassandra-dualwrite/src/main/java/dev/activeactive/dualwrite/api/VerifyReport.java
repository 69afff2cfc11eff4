package dev.activeactive.dualwrite.api;

import java.time.Duration;
import java.util.List;

/**
 * What a {@link Verify} run found (and repaired).
 *
 * @param rangesChecked token ranges compared
 * @param sourceRows rows read from the source
 * @param destinationRows rows read from the destination
 * @param missingInDestination rows only the source has
 * @param missingInSource rows only the destination has
 * @param differing rows both have with differing cells
 * @param cellsRepaired cells written to repair (0 unless repair was asked for)
 * @param samples the first differences found, up to the configured limit, for a report
 * @param elapsed how long the run took
 * @param complete whether every range was checked; false after {@link Verify#stop()}
 */
public record VerifyReport(int rangesChecked, long sourceRows, long destinationRows, long missingInDestination,
    long missingInSource, long differing, long cellsRepaired, List<RowDifference> samples, Duration elapsed,
    boolean complete) {

  /** Built at the end of a verify run; the samples are copied, so a report does not change once returned. */
  public VerifyReport {
    samples = List.copyOf(samples);
  }

  /** Rows that differ in any way. */
  public long differences() {
    return missingInDestination + missingInSource + differing;
  }

  /** Whether the run was complete and found no difference. */
  public boolean consistent() {
    return complete && differences() == 0;
  }
}
