package dev.activeactive.relay.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class InFlightLimiterTest {

  @Test
  void startsAtMostMaxTasksAndTheNextOnesAsEarlierOnesFinish() {
    InFlightLimiter limiter = new InFlightLimiter(2);
    List<CompletableFuture<Integer>> started = new ArrayList<>();
    List<CompletableFuture<Integer>> results = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      results.add(limiter.submit(() -> {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        started.add(f);
        return f;
      }));
    }
    assertThat(started).hasSize(2);
    assertThat(limiter.waiting()).isEqualTo(3);
    started.get(0).complete(0);
    assertThat(started).hasSize(3);
    assertThat(results.get(0)).isCompletedWithValue(0);
    started.get(1).completeExceptionally(new IllegalStateException("zone down"));
    assertThat(results.get(1)).isCompletedExceptionally();
    assertThat(started).hasSize(4);
    for (int i = 2; i < 5; i++) {
      started.get(i).complete(i);
    }
    assertThat(results).allSatisfy(f -> assertThat(f).isDone());
    assertThat(limiter.inFlight()).isZero();
  }

  @Test
  void longChainsOfSynchronousCompletionsDoNotOverflowTheStack() {
    InFlightLimiter limiter = new InFlightLimiter(1);
    CompletableFuture<Integer> gate = new CompletableFuture<>();
    limiter.submit(() -> gate);
    List<CompletableFuture<Integer>> results = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      int n = i;
      results.add(limiter.submit(() -> CompletableFuture.completedFuture(n)));
    }
    gate.complete(-1);
    CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).join();
    assertThat(results.get(99_999)).isCompletedWithValue(99_999);
  }

  @Test
  void aTaskThatThrowsReleasesItsPermit() {
    InFlightLimiter limiter = new InFlightLimiter(1);
    CompletableFuture<Object> failed = limiter.submit(() -> {
      throw new IllegalArgumentException("bad key");
    });
    assertThat(failed).isCompletedExceptionally();
    assertThat(limiter.submit(() -> CompletableFuture.completedFuture("next"))).isCompletedWithValue("next");
  }
}
