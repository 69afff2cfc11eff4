package dev.activeactive.dualwrite.internal.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
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
      List<Long> segments = log.seal();
      assertThat(segments).hasSize(1);
      assertThat(log.read(segments.get(0))).extracting(FailedWrite::writeTimestamp).containsExactly(1L, 2L, 3L);
    }
  }

  @Test
  void appendsAfterASealGoToANewSegment() {
    try (SegmentedFailedWriteLog log = SegmentedFailedWriteLog.open(dir)) {
      log.append(FailedWrites.sample("a", 1));
      List<Long> sealed = log.seal();
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
      long segment = log.seal().get(0);

      log.replaceSegment(segment, List.of(first), List.of(second));
      assertThat(log.size()).isEqualTo(1);
      assertThat(log.read(segment)).containsExactly(second);

      log.replaceSegment(segment, List.of(second), List.of());
      assertThat(log.size()).isZero();
      assertThat(log.seal()).isEmpty();
    }
    assertThat(SegmentedFailedWriteLog.open(dir).size()).isZero();
  }

  @Test
  void aRecordTornByACrashIsDroppedOnOpen() throws IOException {
    try (SegmentedFailedWriteLog log = SegmentedFailedWriteLog.open(dir)) {
      log.append(FailedWrites.sample("a", 1));
    }
    Path segment;
    try (var files = Files.list(dir)) {
      segment = files.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
    }
    // half a frame, as a crash in the middle of an append leaves it
    Files.write(segment, new byte[] {0x41, 0x41, 0x4c, 0x52, 0, 0, 1, 0, 9, 9}, StandardOpenOption.APPEND);

    try (SegmentedFailedWriteLog log = SegmentedFailedWriteLog.open(dir)) {
      assertThat(log.size()).isEqualTo(1);
      log.append(FailedWrites.sample("a", 2));
      List<Long> segments = log.seal();
      assertThat(segments).hasSize(2);
      assertThat(log.read(segments.get(0))).extracting(FailedWrite::writeTimestamp).containsExactly(1L);
      assertThat(log.read(segments.get(1))).extracting(FailedWrite::writeTimestamp).containsExactly(2L);
    }
  }

  @Test
  void aPartialFrameLeftByAFailedAppendLosesNoLaterAcknowledgedRecord() throws IOException {
    // what an IOException in the middle of an append used to leave: record 1, part of record 2, then
    // record 3, appended and acknowledged after the failure (the v1 layout, one frame after another)
    ByteBuffer first = FailedWriteCodec.encode(FailedWrites.sample("a", 1));
    ByteBuffer torn = FailedWriteCodec.encode(FailedWrites.sample("a", 2));
    torn.limit(11);
    ByteBuffer third = FailedWriteCodec.encode(FailedWrites.sample("b", 3));
    ByteBuffer file = ByteBuffer.allocate(first.remaining() + torn.remaining() + third.remaining());
    file.put(first).put(torn).put(third);
    Files.write(dir.resolve("failed-writes-0000000000000001.log"), file.array());

    for (int reopen = 0; reopen < 2; reopen++) {
      try (SegmentedFailedWriteLog log = SegmentedFailedWriteLog.open(dir)) {
        assertThat(log.size()).isEqualTo(2);
        assertThat(log.sizeByTarget()).containsEntry("a", 1L).containsEntry("b", 1L);
        List<Long> timestamps = new java.util.ArrayList<>();
        for (var segment : log.seal()) {
          log.read(segment).forEach(w -> timestamps.add(w.writeTimestamp()));
        }
        assertThat(timestamps).containsExactly(1L, 3L);
      }
    }
  }
}
