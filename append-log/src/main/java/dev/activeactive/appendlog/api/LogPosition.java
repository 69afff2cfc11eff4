package dev.activeactive.appendlog.api;

/**
 * Where a record starts: its segment number and its byte offset in that segment's file.
 *
 * @param segment the segment number, increasing with every new segment
 * @param offset the offset of the record's frame in the segment file
 */
public record LogPosition(long segment, long offset) implements Comparable<LogPosition> {
  @Override
  public int compareTo(LogPosition other) {
    int bySegment = Long.compare(segment, other.segment);
    return bySegment != 0 ? bySegment : Long.compare(offset, other.offset);
  }
}
