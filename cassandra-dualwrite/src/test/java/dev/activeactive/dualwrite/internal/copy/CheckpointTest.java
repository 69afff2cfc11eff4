package dev.activeactive.dualwrite.internal.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
  @TempDir Path dir;

  @Test
  void finishedRangesSurviveReopening() {
    Path file = dir.resolve("sub/job.checkpoint");
    List<TokenRange> ranges = TokenRange.split(4);
    try (Checkpoint checkpoint = Checkpoint.open(file, "job")) {
      checkpoint.markDone(ranges.get(0));
      checkpoint.markDone(ranges.get(2));
    }

    try (Checkpoint checkpoint = Checkpoint.open(file, "job")) {
      assertThat(checkpoint.doneCount()).isEqualTo(2);
      assertThat(checkpoint.isDone(ranges.get(0))).isTrue();
      assertThat(checkpoint.isDone(ranges.get(1))).isFalse();
      assertThat(checkpoint.isDone(ranges.get(2))).isTrue();
    }
  }

  @Test
  void aCheckpointOfAnotherJobIsRefused() {
    Path file = dir.resolve("job.checkpoint");
    Checkpoint.open(file, "backfill a -> b splits=4").close();

    assertThatThrownBy(() -> Checkpoint.open(file, "backfill a -> b splits=8"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("belongs to another job");
  }

  @Test
  void aLineTornByACrashIsIgnoredAndDoesNotSpoilTheNext() throws IOException {
    Path file = dir.resolve("job.checkpoint");
    List<TokenRange> ranges = TokenRange.split(4);
    try (Checkpoint checkpoint = Checkpoint.open(file, "job")) {
      checkpoint.markDone(ranges.get(0));
    }
    Files.writeString(file, "123", StandardOpenOption.APPEND);

    try (Checkpoint checkpoint = Checkpoint.open(file, "job")) {
      assertThat(checkpoint.doneCount()).isEqualTo(1);
      checkpoint.markDone(ranges.get(1));
    }
    try (Checkpoint checkpoint = Checkpoint.open(file, "job")) {
      assertThat(checkpoint.isDone(ranges.get(1))).isTrue();
      assertThat(checkpoint.doneCount()).isEqualTo(2);
    }
  }
}
