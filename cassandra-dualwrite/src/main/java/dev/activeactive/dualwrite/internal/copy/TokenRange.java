package dev.activeactive.dualwrite.internal.copy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A range {@code (start, end]} of Murmur3 tokens. The Murmur3 partitioner never gives a key the token
 * {@code Long.MIN_VALUE}, so the ranges {@link #split(int)} returns, from {@code (MIN, ..]} to
 * {@code (.., MAX]}, cover every key exactly once.
 */
public record TokenRange(long start, long end) {
  public TokenRange {
    if (start >= end) {
      throw new IllegalArgumentException("empty token range (" + start + ", " + end + "]");
    }
  }

  /** The whole ring cut into {@code count} contiguous ranges of (nearly) equal width, in token order. */
  public static List<TokenRange> split(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("split count must be at least 1, got " + count);
    }
    BigInteger min = BigInteger.valueOf(Long.MIN_VALUE);
    BigInteger width = BigInteger.valueOf(Long.MAX_VALUE).subtract(min);
    if (width.compareTo(BigInteger.valueOf(count)) < 0) {
      throw new IllegalArgumentException("cannot split the ring into " + count + " ranges");
    }
    List<TokenRange> ranges = new ArrayList<>(count);
    long previous = Long.MIN_VALUE;
    for (int i = 1; i <= count; i++) {
      long end = i == count
          ? Long.MAX_VALUE
          : min.add(width.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(count))).longValueExact();
      ranges.add(new TokenRange(previous, end));
      previous = end;
    }
    return ranges;
  }

  /** How the range is written in a checkpoint file. */
  public String encode() {
    return start + "," + end;
  }

  public static TokenRange decode(String line) {
    int comma = line.indexOf(',');
    if (comma < 0) {
      throw new IllegalArgumentException("not a token range: '" + line + "'");
    }
    return new TokenRange(Long.parseLong(line.substring(0, comma).trim()),
        Long.parseLong(line.substring(comma + 1).trim()));
  }

  @Override
  public String toString() {
    return "(" + start + ", " + end + "]";
  }
}
