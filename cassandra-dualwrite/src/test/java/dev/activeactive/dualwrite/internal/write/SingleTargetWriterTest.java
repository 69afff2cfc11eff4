package dev.activeactive.dualwrite.internal.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import dev.activeactive.dualwrite.api.DualWrite;
import dev.activeactive.dualwrite.api.DualWriter;
import dev.activeactive.dualwrite.api.Target;
import dev.activeactive.dualwrite.api.WriteMode;
import dev.activeactive.dualwrite.api.WriteResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service that is not migrating: one target, the writer's timestamps and metrics, nothing else to set up. */
class SingleTargetWriterTest {
  private final FakeSession east = new FakeSession("east", "ks");
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicLong clock = new AtomicLong(1_000);

  private DualWriter single() {
    return DualWrite.builder().primary(Target.of("profiles", east.session, "ks")).meterRegistry(registry)
        .timestampSource(clock::incrementAndGet).build();
  }

  @Test
  void writesGoToTheOneTargetWithATimestampAndAreTimed() {
    try (DualWriter writer = single()) {
      WriteResult result = writer.write(SimpleStatement.newInstance("INSERT INTO t (k, v) VALUES (?, ?)", 1, "x"));

      assertThat(result.appliedTo()).containsExactly("profiles");
      assertThat(result.mode()).isEqualTo(WriteMode.PRIMARY_ONLY);
      assertThat(east.executed).singleElement().extracting(Statement::getQueryTimestamp).isEqualTo(1_001L);
      assertThat(registry.get("dualwrite.requests").tags("target", "profiles", "operation", "write",
          "outcome", "success").timer().count()).isEqualTo(1);
      assertThat(writer.replayFailedWrites().applied()).isZero();
    }
  }

  @Test
  void whatNeedsASecondaryIsRefusedWithWhatToDo(@TempDir Path dir) {
    try (DualWriter writer = single()) {
      assertThatThrownBy(() -> writer.mode(WriteMode.DUAL)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("secondary(..)");
      assertThatThrownBy(writer::swap).isInstanceOf(IllegalStateException.class);
    }
    assertThatThrownBy(() -> DualWrite.builder().primary(Target.of("profiles", east.session, "ks"))
        .failedWriteLog(dir).build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("secondary");
  }

  @Test
  void aClosedWriterRefusesWrites() {
    DualWriter writer = single();
    writer.close();
    assertThatThrownBy(() -> writer.write(SimpleStatement.newInstance("INSERT INTO t (k) VALUES (1)")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }
}
