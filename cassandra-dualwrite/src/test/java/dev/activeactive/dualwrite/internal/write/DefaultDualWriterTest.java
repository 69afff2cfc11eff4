package dev.activeactive.dualwrite.internal.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import dev.activeactive.dualwrite.api.DualWrite;
import dev.activeactive.dualwrite.api.DualWriteException;
import dev.activeactive.dualwrite.api.DualWriter;
import dev.activeactive.dualwrite.api.Target;
import dev.activeactive.dualwrite.api.WriteMode;
import dev.activeactive.dualwrite.api.WriteResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import dev.activeactive.dualwrite.internal.log.SegmentedFailedWriteLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultDualWriterTest {
  @TempDir Path logDir;

  private final FakeSession east = new FakeSession("east", "ks_a");
  private final FakeSession west = new FakeSession("west", "ks_b");
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicLong clock = new AtomicLong(1_000);
  private DualWriter writer;

  @BeforeEach
  void open() {
    writer = newWriter(WriteMode.DUAL);
  }

  @AfterEach
  void close() {
    writer.close();
  }

  private DualWriter newWriter(WriteMode mode) {
    return DualWrite.builder()
        .primary(Target.of("a", east.session, "ks_a"))
        .secondary(Target.of("b", west.session, "ks_b"))
        .mode(mode)
        .failedWriteLog(logDir)
        .meterRegistry(registry)
        .timestampSource(clock::incrementAndGet)
        .build();
  }

  private static SimpleStatement insert() {
    return SimpleStatement.newInstance("INSERT INTO t (k, v) VALUES (?, ?)", 1, "x");
  }

  @Test
  void dualSendsTheSameTimestampToBothTargets() {
    WriteResult result = writer.write(insert());

    assertThat(result.appliedTo()).containsExactly("a", "b");
    assertThat(result.isDeferred()).isFalse();
    assertThat(east.executed).singleElement().extracting(Statement::getQueryTimestamp).isEqualTo(1_001L);
    assertThat(west.executed).singleElement().extracting(Statement::getQueryTimestamp).isEqualTo(1_001L);
  }

  @Test
  void aStatementsOwnTimestampIsKept() {
    writer.write(insert().setQueryTimestamp(42L));

    assertThat(east.executed.get(0).getQueryTimestamp()).isEqualTo(42L);
    assertThat(west.executed.get(0).getQueryTimestamp()).isEqualTo(42L);
  }

  @Test
  void primaryOnlyLeavesTheSecondaryAlone() {
    writer.mode(WriteMode.PRIMARY_ONLY);

    WriteResult result = writer.write(insert());

    assertThat(result.appliedTo()).containsExactly("a");
    assertThat(west.executed).isEmpty();
  }

  @Test
  void dualFailsTheCallerWhenTheSecondaryFailsAndRecordsTheWrite() {
    west.fail(new IllegalStateException("west is down"));

    assertThatThrownBy(() -> writer.write(insert()))
        .isInstanceOfSatisfying(DualWriteException.class, e -> {
          assertThat(e.failures()).containsOnlyKeys("b");
          assertThat(e.recordedFor()).containsExactly("b");
          assertThat(e.writeTimestamp()).isEqualTo(1_001L);
        });
    assertThat(writer.failedWrites().sizeByTarget()).containsEntry("b", 1L);
    assertThat(registry.get("dualwrite.failed_writes.pending").tag("target", "b").gauge().value()).isEqualTo(1.0);
  }

  @Test
  void bestEffortSucceedsWhenTheSecondaryFailsAndRecordsTheWrite() {
    writer.mode(WriteMode.DUAL_BEST_EFFORT);
    west.fail(new IllegalStateException("west is down"));

    WriteResult result = writer.write(insert());

    assertThat(result.appliedTo()).containsExactly("a");
    assertThat(result.deferredTo()).containsExactly("b");
    assertThat(writer.failedWrites().size()).isEqualTo(1);
  }

  @Test
  void bestEffortStillFailsWhenThePrimaryFails() {
    writer.mode(WriteMode.DUAL_BEST_EFFORT);
    east.fail(new IllegalStateException("east is down"));

    assertThatThrownBy(() -> writer.write(insert()))
        .isInstanceOfSatisfying(DualWriteException.class,
            e -> assertThat(e.recordedFor()).containsExactly("a"));
    assertThat(writer.failedWrites().sizeByTarget()).containsOnlyKeys("a");
  }

  @Test
  void nothingIsRecordedWhenBothTargetsFail() {
    east.fail(new IllegalStateException("east is down"));
    west.fail(new IllegalStateException("west is down"));

    assertThatThrownBy(() -> writer.write(insert()))
        .isInstanceOfSatisfying(DualWriteException.class, e -> {
          assertThat(e.failures()).containsOnlyKeys("a", "b");
          assertThat(e.recordedFor()).isEmpty();
        });
    assertThat(writer.failedWrites().size()).isZero();
  }

  @Test
  void swapExchangesTheTargetsForLaterWrites() {
    writer.swap();
    east.fail(new IllegalStateException("east is down"));
    writer.mode(WriteMode.DUAL_BEST_EFFORT);

    WriteResult result = writer.write(insert());

    assertThat(writer.primary().name()).isEqualTo("b");
    assertThat(result.appliedTo()).containsExactly("b");
    assertThat(result.deferredTo()).containsExactly("a");
  }

  @Test
  void modeChangesApplyWithoutReopening() {
    assertThat(writer.mode()).isEqualTo(WriteMode.DUAL);
    for (WriteMode mode : WriteMode.values()) {
      writer.mode(mode);
      assertThat(writer.mode()).isEqualTo(mode);
      writer.write(insert());
    }
    assertThat(east.executed).hasSize(3);
    assertThat(west.executed).hasSize(2);
  }

  @Test
  void recordedWritesSurviveANewWriter() {
    writer.mode(WriteMode.DUAL_BEST_EFFORT);
    west.fail(new IllegalStateException("west is down"));
    writer.write(insert());
    writer.write(insert());
    writer.close();

    writer = newWriter(WriteMode.DUAL);

    assertThat(writer.failedWrites().sizeByTarget()).containsEntry("b", 2L);
  }

  @Test
  void aSecondWriterCannotShareTheLog() {
    assertThatThrownBy(() -> newWriter(WriteMode.DUAL))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("open in another writer");
  }

  @Test
  void requestsAreTimedPerTarget() {
    writer.write(insert());

    assertThat(registry.get("dualwrite.requests").tags("target", "a", "operation", "write", "outcome", "success")
        .timer().count()).isEqualTo(1);
    assertThat(registry.get("dualwrite.requests").tags("target", "b", "operation", "write", "outcome", "success")
        .timer().count()).isEqualTo(1);
  }

  @Test
  void aWriteInFlightWhenTheWriterClosesIsStillRecorded() throws Exception {
    CompletableFuture<AsyncResultSet> westAnswer = new CompletableFuture<>();
    west.behaviour = statement -> westAnswer;
    CompletableFuture<WriteResult> write = writer.writeAsync(insert()).toCompletableFuture();
    Thread closing = new Thread(writer::close, "closing");
    closing.start();
    // close either returns or waits for the write in flight; only then does the secondary answer
    await().atMost(Duration.ofSeconds(10)).until(() -> closing.getState() == Thread.State.TERMINATED
        || closing.getState() == Thread.State.TIMED_WAITING || closing.getState() == Thread.State.WAITING);
    westAnswer.completeExceptionally(new IllegalStateException("west is down"));
    closing.join(30_000);

    assertThat(write).failsWithin(Duration.ofSeconds(10)).withThrowableThat()
        .havingCause().isInstanceOfSatisfying(DualWriteException.class,
            e -> assertThat(e.recordedFor()).containsExactly("b"));
    try (SegmentedFailedWriteLog log = SegmentedFailedWriteLog.open(logDir)) {
      assertThat(log.sizeByTarget()).containsEntry("b", 1L);
    }
  }

  @Test
  void aWriteAfterCloseIsRefusedBeforeReachingEitherTarget() {
    west.fail(new IllegalStateException("west is down"));
    writer.close();

    assertThatThrownBy(() -> writer.write(insert())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> writer.replayFailedWrites()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThat(east.executed).isEmpty();
    assertThat(west.executed).isEmpty();
  }
}
