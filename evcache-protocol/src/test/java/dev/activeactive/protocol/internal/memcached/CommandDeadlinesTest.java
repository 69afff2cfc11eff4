package dev.activeactive.protocol.internal.memcached;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class CommandDeadlinesTest {

  @Test
  void aCommandThatNeverAnswersFailsWithATimeout() {
    try (CommandDeadlines deadlines = new CommandDeadlines(Duration.ofMillis(100))) {
      CompletableFuture<String> never = deadlines.watch(new CompletableFuture<>());

      assertThatThrownBy(() -> never.get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(TimeoutException.class)
          .hasMessageContaining("did not answer within 100 ms");
    }
  }

  @Test
  void answeredCommandsKeepTheirResultAndAreDroppedBySweeps() {
    try (CommandDeadlines deadlines = new CommandDeadlines(Duration.ofSeconds(30))) {
      List<CompletableFuture<Integer>> answered = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        answered.add(deadlines.watch(new CompletableFuture<>()));
      }
      for (int i = 0; i < answered.size(); i++) {
        answered.get(i).complete(i);
      }
      deadlines.sweep();

      assertThat(deadlines.watched()).isZero();
      assertThat(answered.get(999).join()).isEqualTo(999);
    }
  }

  @Test
  void expiredCommandsFailWhileAnsweredOnesKeepTheirResult() throws Exception {
    try (CommandDeadlines deadlines = new CommandDeadlines(Duration.ofMillis(50))) {
      CompletableFuture<String> first = deadlines.watch(new CompletableFuture<>());
      CompletableFuture<String> second = deadlines.watch(new CompletableFuture<>());
      CompletableFuture<String> answered = deadlines.watch(new CompletableFuture<>());
      answered.complete("ok");

      assertThatThrownBy(() -> second.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(TimeoutException.class);
      assertThat(first).isCompletedExceptionally();
      assertThat(answered.join()).isEqualTo("ok");
    }
  }

  @Test
  void anExpiredCommandIsFailedThenItsExpiryActionRuns() throws Exception {
    try (CommandDeadlines deadlines = new CommandDeadlines(Duration.ofMillis(50))) {
      CompletableFuture<Boolean> failedFirst = new CompletableFuture<>();
      CompletableFuture<String> command = new CompletableFuture<>();
      deadlines.watch(command, () -> failedFirst.complete(command.isCompletedExceptionally()));
      CompletableFuture<String> answered = new CompletableFuture<>();
      CompletableFuture<Boolean> notCancelled = new CompletableFuture<>();
      deadlines.watch(answered, () -> notCancelled.complete(true));
      answered.complete("ok");

      assertThat(failedFirst.get(5, TimeUnit.SECONDS)).as("failed before it was cancelled").isTrue();
      assertThat(notCancelled).as("an answered command is never cancelled").isNotDone();
    }
  }

  @Test
  void aFollowUpThatBlocksInOneInstanceDoesNotDelayAnothersTimeouts() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (CommandDeadlines slow = new CommandDeadlines(Duration.ofMillis(50));
        CommandDeadlines other = new CommandDeadlines(Duration.ofMillis(50))) {
      CompletableFuture<String> blocked = slow.watch(new CompletableFuture<>());
      CompletableFuture<Void> followUp = blocked.handle((value, error) -> {
        try {
          release.await(30, TimeUnit.SECONDS); // a caller's follow-up that blocks (it should not, but may)
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return null;
      });
      await().atMost(Duration.ofSeconds(10)).until(blocked::isDone);

      CompletableFuture<String> elsewhere = other.watch(new CompletableFuture<>());
      assertThatThrownBy(() -> elsewhere.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(TimeoutException.class);
      assertThat(followUp).isNotDone();
    } finally {
      release.countDown();
    }
  }

  @Test
  void rejectsANonPositiveTimeout() {
    assertThatThrownBy(() -> new CommandDeadlines(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }
}
