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
  public SegmentContent {
    records = List.copyOf(records);
  }
}
