package dev.activeactive.protocol.api.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

  @Test
  void longRunsOfOperationsThatCompleteAtOnceDoNotOverflowTheStack() {
    InFlightLimit limit = new InFlightLimit(1, 100_000);
    CompletableFuture<Integer> gate = new CompletableFuture<>();
    limit.submit(() -> gate);
    List<CompletableFuture<Integer>> results = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      int n = i;
      results.add(limit.submit(() -> CompletableFuture.completedFuture(n)));
    }
    gate.complete(-1);
    // a stack overflow inside a completion would be swallowed by CompletableFuture and leak a permit: bounded wait
    CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).orTimeout(30, TimeUnit.SECONDS).join();
    assertThat(results.get(99_999)).isCompletedWithValue(99_999);
    assertThat(limit.inFlight()).isZero();
  }

  @Test
  void twoLimitsCompletingIntoEachOtherBothKeepDraining() {
    InFlightLimit first = new InFlightLimit(1);
    InFlightLimit second = new InFlightLimit(1);
    CompletableFuture<Integer> gateFirst = new CompletableFuture<>();
    CompletableFuture<Integer> gateSecond = new CompletableFuture<>();
    first.submit(() -> gateFirst);
    second.submit(() -> gateSecond);
    // the first limit's waiting operation releases the second limit's permit from inside the first's drain
    CompletableFuture<Integer> waitingOnFirst = first.submit(() -> {
      gateSecond.complete(0);
      return CompletableFuture.completedFuture(1);
    });
    CompletableFuture<Integer> waitingOnSecond = second.submit(() -> CompletableFuture.completedFuture(2));

    gateFirst.complete(0);

    assertThat(waitingOnFirst).isCompletedWithValue(1);
    assertThat(waitingOnSecond).isCompletedWithValue(2);
  }

  @Test
  void theWaitingQueueIsBoundedAndAnOperationBeyondItFailsAtOnceSayingWhy() {
    InFlightLimit limit = new InFlightLimit(2, 3);
    CompletableFuture<Integer> gate = new CompletableFuture<>();
    List<CompletableFuture<Integer>> results = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      results.add(limit.submit(() -> gate));
    }
    assertThat(limit.inFlight()).isEqualTo(2);
    assertThat(limit.waiting()).isEqualTo(3);

    CompletableFuture<Integer> refused = limit.submit(() -> CompletableFuture.completedFuture(6));

    assertThatThrownBy(refused::join).hasCauseInstanceOf(InFlightLimit.SaturatedException.class)
        .hasMessageContaining("2 operations in flight and 3 waiting");
    gate.complete(1);
    assertThat(results).allSatisfy(r -> assertThat(r).isCompletedWithValue(1));
    assertThat(limit.waiting()).isZero();
    assertThat(limit.inFlight()).isZero();
    // room again once the queue drained
    assertThat(limit.submit(() -> CompletableFuture.completedFuture(7))).isCompletedWithValue(7);
  }
}
