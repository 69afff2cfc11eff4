package dev.activeactive.appendlog.api;

import java.util.List;

/**
 * What reading one segment found.
 *
 * @param segment the segment number
 * @param records its intact records, in append order
 * @param damagedBytes bytes skipped because they did not form an intact record (a torn write or damage);
 *     0 for a healthy segment
 */
public record SegmentContent(long segment, List<LogRecord> records, long damagedBytes) {
  /** Copies the record list, so a reader's result does not change with the list it was built from. */
  public SegmentContent {
    records = List.copyOf(records);
  }
}
