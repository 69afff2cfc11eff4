package dev.activeactive.dualwrite.internal.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowsComparisonTest {
  private static RowImage row(String... values) {
    return new RowImage(Arrays.stream(values)
        .map(v -> v == null ? null : ByteBuffer.wrap(v.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .toList());
  }

  @Test
  void identicalRowsMatch() {
    RowsComparison c = RowsComparison.compare(List.of(row("1", "a"), row("2", null)),
        List.of(row("1", "a"), row("2", null)));
    assertThat(c.diverged()).isFalse();
    assertThat(c.primaryRows()).isEqualTo(2);
  }

  @Test
  void aMissingRowCountsOnOneSide() {
    RowsComparison c = RowsComparison.compare(List.of(row("1", "a"), row("2", "b")), List.of(row("2", "b")));
    assertThat(c.diverged()).isTrue();
    assertThat(c.onlyInPrimary()).isEqualTo(1);
    assertThat(c.onlyInSecondary()).isZero();
  }

  @Test
  void aDifferentColumnCountsOnBothSides() {
    RowsComparison c = RowsComparison.compare(List.of(row("1", "a")), List.of(row("1", "z")));
    assertThat(c.onlyInPrimary()).isEqualTo(1);
    assertThat(c.onlyInSecondary()).isEqualTo(1);
  }

  @Test
  void nullDiffersFromEmpty() {
    RowsComparison c = RowsComparison.compare(List.of(row("1", null)), List.of(row("1", "")));
    assertThat(c.diverged()).isTrue();
  }

  @Test
  void duplicatesAreCountedAsAMultiset() {
    RowsComparison c = RowsComparison.compare(List.of(row("1"), row("1")), List.of(row("1")));
    assertThat(c.onlyInPrimary()).isEqualTo(1);
  }
}
