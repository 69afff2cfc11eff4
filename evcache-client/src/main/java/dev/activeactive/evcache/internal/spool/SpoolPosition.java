package dev.activeactive.evcache.internal.spool;

/**
 * A byte position in the spool: a segment and an offset inside it. Ordered by segment, then offset.
 *
 * @param segment the segment id (segments are numbered in creation order)
 * @param offset the byte offset inside the segment file
 */
public record SpoolPosition(long segment, long offset) implements Comparable<SpoolPosition> {

  @Override
  public int compareTo(SpoolPosition other) {
    int bySegment = Long.compare(segment, other.segment);
    return bySegment != 0 ? bySegment : Long.compare(offset, other.offset);
  }
}
