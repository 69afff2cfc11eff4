package dev.activeactive.evcache.internal.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SendBatchesTest {

  @Test
  void atMostTenEntriesPerBatch() {
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      bodies.add("b" + i);
    }
    List<List<String>> batches = SendBatches.group(bodies);
    assertThat(batches).extracting(List::size).containsExactly(10, 10, 5);
    assertThat(batches.stream().flatMap(List::stream).toList()).isEqualTo(bodies);
  }

  @Test
  void respectsTheTotalPayloadLimit() {
    String big = "x".repeat(100_000);
    List<List<String>> batches = SendBatches.group(List.of(big, big, big, "small"));
    assertThat(batches).extracting(List::size).containsExactly(2, 2);
    for (List<String> batch : batches) {
      assertThat(batch.stream().mapToInt(String::length).sum()).isLessThanOrEqualTo(SendBatches.SQS_MAX_BATCH_BYTES);
    }
  }

  @Test
  void aFullSizeBodyTravelsAlone() {
    String full = "x".repeat(SendBatches.SQS_MAX_BATCH_BYTES);
    assertThat(SendBatches.group(List.of("a", full, "b"))).containsExactly(List.of("a"), List.of(full), List.of("b"));
  }

  @Test
  void rejectsAnItemLargerThanABatch() {
    assertThatThrownBy(() -> SendBatches.group(List.of("x".repeat(SendBatches.SQS_MAX_BATCH_BYTES + 1))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void randomInputsKeepOrderAndLimits() {
    Random random = new Random(11);
    List<Integer> sizes = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      sizes.add(1 + random.nextInt(60_000));
    }
    List<List<Integer>> batches = SendBatches.group(sizes, Integer::intValue, 10, 262_144);
    assertThat(batches.stream().flatMap(List::stream).toList()).isEqualTo(sizes);
    for (int i = 0; i < batches.size(); i++) {
      List<Integer> batch = batches.get(i);
      assertThat(batch).hasSizeBetween(1, 10);
      long total = batch.stream().mapToLong(Integer::longValue).sum();
      assertThat(total).isLessThanOrEqualTo(262_144);
      if (i + 1 < batches.size() && batch.size() < 10) {
        // closed early only because the next item would not fit
        assertThat(total + batches.get(i + 1).get(0)).isGreaterThan(262_144);
      }
    }
  }

  @Test
  void emptyInputGivesNoBatches() {
    assertThat(SendBatches.group(List.of())).isEmpty();
  }
}
