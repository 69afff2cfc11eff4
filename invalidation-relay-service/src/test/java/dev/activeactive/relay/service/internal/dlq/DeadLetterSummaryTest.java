package dev.activeactive.relay.service.internal.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadLetterSummaryTest {
  @Test
  void countsByReasonAndDatasetAndKeepsOnlyAFewIdsPerReason() {
    DeadLetterSummary summary = new DeadLetterSummary(2);
    for (int i = 0; i < 10_000; i++) {
      summary.add("id-" + i, i % 10 == 0 ? "MALFORMED" : "BAD_SIGNATURE",
          i % 2 == 0 ? List.of("profiles", "sessions") : List.of("profiles"), 1_000L + i);
    }
    assertThat(summary.count()).isEqualTo(10_000);
    assertThat(summary.byReason()).isEqualTo(Map.of("BAD_SIGNATURE", 9_000, "MALFORMED", 1_000));
    assertThat(summary.byDataset()).isEqualTo(Map.of("profiles", 10_000, "sessions", 5_000));
    assertThat(summary.samples()).isEqualTo(Map.of("MALFORMED", List.of("id-0", "id-10"),
        "BAD_SIGNATURE", List.of("id-1", "id-2")));
    assertThat(summary.oldestMillis()).isEqualTo(10_999);
    assertThat(summary.newestMillis()).isEqualTo(1_000);
  }

  @Test
  void unknownAgesAreLeftOutOfOldestAndNewest() {
    DeadLetterSummary summary = new DeadLetterSummary(0);
    summary.add("a", "MALFORMED", List.of(), -1);
    assertThat(summary.oldestMillis()).isEqualTo(-1);
    assertThat(summary.newestMillis()).isEqualTo(-1);
    summary.add("b", "MALFORMED", List.of(), 5);
    assertThat(summary.oldestMillis()).isEqualTo(5);
    assertThat(summary.newestMillis()).isEqualTo(5);
    assertThat(summary.samples()).containsEntry("MALFORMED", List.of());
  }

  @Test
  void heldMessagesAreReleasedTenPerRequestAndOnceOnly() {
    List<List<String>> requests = new ArrayList<>();
    HeldMessages held = new HeldMessages(requests::add);
    for (int i = 0; i < 25; i++) {
      held.add("h" + i);
    }
    held.close();
    assertThat(requests).extracting(List::size).containsExactly(10, 10, 5);
    held.releaseAll();
    assertThat(requests).hasSize(3);
    // received after the release (the walk ran on during a shutdown): released at once
    held.add("late");
    assertThat(requests).last().isEqualTo(List.of("late"));
  }
}
