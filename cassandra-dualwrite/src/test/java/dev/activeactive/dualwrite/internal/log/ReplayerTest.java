package dev.activeactive.dualwrite.internal.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.activeactive.dualwrite.api.ReplayResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayerTest {
  @TempDir Path dir;
  private SegmentedFailedWriteLog log;
  private final List<Long> applied = new CopyOnWriteArrayList<>();
  private final Executor inline = Runnable::run;

  @BeforeEach
  void open() {
    log = SegmentedFailedWriteLog.open(dir, 300);
  }

  @AfterEach
  void close() {
    log.close();
  }

  private Function<FailedWrite, CompletionStage<?>> failingOn(Set<Long> timestamps) {
    return write -> {
      if (timestamps.contains(write.writeTimestamp())) {
        return CompletableFuture.failedFuture(new IllegalStateException("target down"));
      }
      applied.add(write.writeTimestamp());
      return CompletableFuture.completedFuture(null);
    };
  }

  private void append(long... timestamps) {
    for (long timestamp : timestamps) {
      log.append(FailedWrites.sample("a", timestamp));
    }
  }

  @Test
  void appliesEveryRecordOldestFirstAndEmptiesTheLog() {
    append(1, 2, 3, 4, 5, 6, 7);

    ReplayResult result = new Replayer(log, failingOn(Set.of()), 1, inline).replay().toCompletableFuture().join();

    assertThat(result.isComplete()).isTrue();
    assertThat(result.applied()).isEqualTo(7);
    assertThat(applied).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    assertThat(log.size()).isZero();
    assertThat(log.seal()).isEmpty();
  }

  @Test
  void stopsAtTheFirstFailureAndKeepsItAndEverythingAfter() {
    append(1, 2, 3, 4, 5);

    ReplayResult result = new Replayer(log, failingOn(Set.of(3L)), 1, inline).replay().toCompletableFuture().join();

    assertThat(result.isComplete()).isFalse();
    assertThat(result.error()).get().extracting(Throwable::getMessage).isEqualTo("target down");
    assertThat(result.applied()).isEqualTo(2);
    assertThat(result.remaining()).isEqualTo(3);
    assertThat(applied).containsExactly(1L, 2L);

    applied.clear();
    ReplayResult second = new Replayer(log, failingOn(Set.of()), 1, inline).replay().toCompletableFuture().join();
    assertThat(second.applied()).isEqualTo(3);
    assertThat(applied).containsExactly(3L, 4L, 5L);
  }

  @Test
  void aWindowFinishesButOnlyItsFailuresStay() {
    append(1, 2, 3, 4, 5, 6);

    ReplayResult result = new Replayer(log, failingOn(Set.of(2L)), 3, inline).replay().toCompletableFuture().join();

    assertThat(applied).containsExactly(1L, 3L);
    assertThat(result.remaining()).isEqualTo(4);
    applied.clear();
    new Replayer(log, failingOn(Set.of()), 3, inline).replay().toCompletableFuture().join();
    assertThat(applied).containsExactly(2L, 4L, 5L, 6L);
  }

  @Test
  void aReplayInterruptedByARestartResumesWhereItStopped() {
    append(1, 2, 3);
    new Replayer(log, failingOn(Set.of(2L)), 1, inline).replay().toCompletableFuture().join();
    log.close();

    log = SegmentedFailedWriteLog.open(dir, 300);
    assertThat(log.size()).isEqualTo(2);
    applied.clear();
    new Replayer(log, failingOn(Set.of()), 1, inline).replay().toCompletableFuture().join();
    assertThat(applied).containsExactly(2L, 3L);
  }

  @Test
  void writesRecordedDuringAPassWaitForTheNext() {
    append(1);
    Replayer replayer = new Replayer(log, write -> {
      applied.add(write.writeTimestamp());
      if (write.writeTimestamp() == 1) {
        log.append(FailedWrites.sample("a", 99)); // a new failure while replaying
      }
      return CompletableFuture.completedFuture(null);
    }, 1, inline);

    ReplayResult first = replayer.replay().toCompletableFuture().join();
    assertThat(first.applied()).isEqualTo(1);
    assertThat(first.remaining()).isEqualTo(1);

    replayer.replay().toCompletableFuture().join();
    assertThat(applied).containsExactly(1L, 99L);
    assertThat(log.size()).isZero();
  }

  @Test
  void aSecondCallDuringAPassJoinsIt() {
    append(1);
    CompletableFuture<Void> gate = new CompletableFuture<>();
    List<Runnable> queued = new CopyOnWriteArrayList<>();
    Replayer replayer = new Replayer(log, write -> gate, 1, queued::add);

    CompletionStage<ReplayResult> first = replayer.replay();
    CompletionStage<ReplayResult> second = replayer.replay();

    assertThat(second).isSameAs(first);
    gate.complete(null);
    queued.forEach(Runnable::run);
    assertThat(first.toCompletableFuture().join().applied()).isEqualTo(1);
  }
}
