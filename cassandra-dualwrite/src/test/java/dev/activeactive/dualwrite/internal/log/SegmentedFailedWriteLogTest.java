package dev.activeactive.dualwrite.internal.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentedFailedWriteLogTest {
  @TempDir Path dir;

  @Test
  void recordsSurviveReopening() {
    try (SegmentedFailedWriteLog log = SegmentedFailedWriteLog.open(dir)) {
      log.append(FailedWrites.sample("a", 1));
      log.append(FailedWrites.sample("b", 2));
      log.append(FailedWrites.sample("b", 3));
    }

    try (SegmentedFailedWriteLog log = SegmentedFailedWriteLog.open(dir)) {
      assertThat(log.size()).isEqualTo(3);
      assertThat(log.sizeByTarget()).containsEntry("a", 1L).containsEntry("b", 2L);
      List<Path> segments = log.seal();
      assertThat(segments).hasSize(1);
      assertThat(log.read(segments.get(0))).extracting(FailedWrite::writeTimestamp).containsExactly(1L, 2L, 3L);
    }
  }

  @Test
  void appendsAfterASealGoToANewSegment() {
    try (SegmentedFailedWriteLog log = SegmentedFailedWriteLog.open(dir)) {
      log.append(FailedWrites.sample("a", 1));
      List<Path> sealed = log.seal();
      log.append(FailedWrites.sample("a", 2));

      assertThat(log.read(sealed.get(0))).extracting(FailedWrite::writeTimestamp).containsExactly(1L);
      assertThat(log.seal()).hasSize(2);
    }
  }

  @Test
  void segmentsRollAtTheirSizeLimit() {
    try (SegmentedFailedWriteLog log = SegmentedFailedWriteLog.open(dir, 1)) {
      log.append(FailedWrites.sample("a", 1));
      log.append(FailedWrites.sample("a", 2));
      log.append(FailedWrites.sample("a", 3));

      assertThat(log.seal()).hasSize(3);
    }
  }

  @Test
  void replacingASegmentKeepsOnlyTheRemainingRecords() {
    try (SegmentedFailedWriteLog log = SegmentedFailedWriteLog.open(dir)) {
      FailedWrite first = FailedWrites.sample("a", 1);
      FailedWrite second = FailedWrites.sample("a", 2);
      log.append(first);
      log.append(second);
      Path segment = log.seal().get(0);

      log.replaceSegment(segment, List.of(first), List.of(second));
      assertThat(log.size()).isEqualTo(1);
      assertThat(log.read(segment)).containsExactly(second);

      log.replaceSegment(segment, List.of(second), List.of());
      assertThat(log.size()).isZero();
      assertThat(segment).doesNotExist();
    }
    assertThat(SegmentedFailedWriteLog.open(dir).size()).isZero();
  }

  @Test
  void aRecordTornByACrashIsDroppedOnOpen() throws IOException {
    Path segment;
    try (SegmentedFailedWriteLog log = SegmentedFailedWriteLog.open(dir)) {
      log.append(FailedWrites.sample("a", 1));
      segment = log.seal().get(0);
    }
    // half a frame, as a crash in the middle of an append leaves it
    Files.write(segment, new byte[] {0, 0, 1, 0, 9, 9}, StandardOpenOption.APPEND);

    try (SegmentedFailedWriteLog log = SegmentedFailedWriteLog.open(dir)) {
      assertThat(log.size()).isEqualTo(1);
      log.append(FailedWrites.sample("a", 2));
      List<Path> segments = log.seal();
      assertThat(segments).hasSize(2);
      assertThat(log.read(segments.get(0))).extracting(FailedWrite::writeTimestamp).containsExactly(1L);
    }
  }
}
