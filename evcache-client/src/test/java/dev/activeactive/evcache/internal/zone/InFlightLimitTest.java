package dev.activeactive.evcache.internal.zone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class InFlightLimitTest {

  @Test
  void operationsBeyondTheBoundWaitAndStartAsEarlierOnesComplete() {
    InFlightLimit limit = new InFlightLimit(2);
    List<CompletableFuture<Integer>> started = new ArrayList<>();
    List<CompletableFuture<Integer>> results = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      results.add(limit.submit(() -> {
        CompletableFuture<Integer> op = new CompletableFuture<>();
        started.add(op);
        return op;
      }));
    }
    assertThat(started).hasSize(2);
    assertThat(limit.inFlight()).isEqualTo(2);
    started.get(0).complete(0);
    assertThat(started).hasSize(3);
    started.get(1).completeExceptionally(new IllegalStateException("zone down"));
    started.get(2).complete(2);
    assertThat(started).hasSize(5);
    started.get(3).complete(3);
    started.get(4).complete(4);
    assertThat(results.get(0)).isCompletedWithValue(0);
    assertThat(results.get(1)).isCompletedExceptionally();
    assertThat(results.get(4)).isCompletedWithValue(4);
    assertThat(limit.inFlight()).isZero();
  }

  @Test
  void anOperationThatThrowsReleasesItsPermit() {
    InFlightLimit limit = new InFlightLimit(1);
    CompletableFuture<Object> failed = limit.submit(() -> {
      throw new IllegalArgumentException("bad");
    });
    assertThat(failed).isCompletedExceptionally();
    assertThat(limit.inFlight()).isZero();
    assertThat(limit.submit(() -> CompletableFuture.completedFuture("ok"))).isCompletedWithValue("ok");
  }
}
