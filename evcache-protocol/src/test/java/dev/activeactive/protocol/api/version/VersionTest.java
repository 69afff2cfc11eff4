package dev.activeactive.protocol.api.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionTest {

  @Test
  void ordersByTimestampFirst() {
    assertThat(new Version(2, "a").compareTo(new Version(1, "z"))).isPositive();
    assertThat(new Version(1, "z").isOlderThan(new Version(2, "a"))).isTrue();
  }

  @Test
  void breaksTiesByRegionName() {
    Version east = new Version(5, "us-east-1");
    Version west = new Version(5, "us-west-2");
    assertThat(west.isNewerThan(east)).isTrue();
    assertThat(east.isNewerThan(west)).isFalse();
    assertThat(Version.max(east, west)).isEqualTo(west);
  }

  @Test
  void equalVersionsCompareEqual() {
    assertThat(new Version(7, "r1").compareTo(new Version(7, "r1"))).isZero();
    assertThat(new Version(7, "r1")).isEqualTo(new Version(7, "r1"));
    assertThat(new Version(7, "r1").isNewerThan(new Version(7, "r1"))).isFalse();
  }

  @Test
  void sortingIsTotalAndStable() {
    List<Version> versions = new ArrayList<>(List.of(
        new Version(3, "b"), new Version(1, "b"), new Version(3, "a"), new Version(2, "c")));
    Collections.sort(versions);
    assertThat(versions).containsExactly(
        new Version(1, "b"), new Version(2, "c"), new Version(3, "a"), new Version(3, "b"));
  }

  @Test
  void rejectsNegativeTimestampAndBadRegions() {
    assertThatThrownBy(() -> new Version(-1, "r")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Version(1, "")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Version(1, "us east")).hasMessageContaining("U+0020");
    assertThatThrownBy(() -> new Version(1, "région")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Version(1, "r".repeat(65))).hasMessageContaining("64");
    assertThat(new Version(1, "r".repeat(64)).originRegion()).hasSize(64);
  }
}
