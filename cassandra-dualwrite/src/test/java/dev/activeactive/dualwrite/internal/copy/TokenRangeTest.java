package dev.activeactive.dualwrite.internal.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenRangeTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 256, 1000})
  void rangesCoverTheRingContiguously(int count) {
    List<TokenRange> ranges = TokenRange.split(count);

    assertThat(ranges).hasSize(count);
    assertThat(ranges.get(0).start()).isEqualTo(Long.MIN_VALUE);
    assertThat(ranges.get(count - 1).end()).isEqualTo(Long.MAX_VALUE);
    for (int i = 1; i < count; i++) {
      assertThat(ranges.get(i).start()).isEqualTo(ranges.get(i - 1).end());
    }
  }

  @Test
  void rangesHaveNearlyEqualWidths() {
    List<TokenRange> ranges = TokenRange.split(3);
    java.math.BigInteger first = width(ranges.get(0));
    for (TokenRange range : ranges) {
      assertThat(width(range).subtract(first).abs()).isLessThanOrEqualTo(java.math.BigInteger.ONE);
    }
  }

  private static java.math.BigInteger width(TokenRange r) {
    return java.math.BigInteger.valueOf(r.end()).subtract(java.math.BigInteger.valueOf(r.start()));
  }

  @Test
  void twoRangesMeetAtZeroOrJustBelow() {
    List<TokenRange> ranges = TokenRange.split(2);
    assertThat(ranges.get(0).end()).isBetween(-1L, 0L);
  }

  @Test
  void encodesForACheckpoint() {
    TokenRange range = new TokenRange(-5, 10);
    assertThat(TokenRange.decode(range.encode())).isEqualTo(range);
  }

  @Test
  void refusesBadInput() {
    assertThatThrownBy(() -> TokenRange.split(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TokenRange(5, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TokenRange.decode("12")).isInstanceOf(IllegalArgumentException.class);
  }
}
