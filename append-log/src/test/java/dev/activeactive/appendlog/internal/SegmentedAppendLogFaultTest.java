package dev.activeactive.appendlog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.activeactive.appendlog.api.AppendLog;
import dev.activeactive.appendlog.api.AppendLogFullException;
import dev.activeactive.appendlog.api.AppendLogOptions;
import dev.activeactive.appendlog.api.LogRecord;
import dev.activeactive.appendlog.api.SegmentContent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log's one set of torn-write and recovery rules, under injected faults: partial writes, failed fsyncs, a
 * full disk, failed truncations, tails torn by a crash and damage in the middle of a segment. The property
 * throughout: every acknowledged record is read back after a reopen, in order, and nothing unacknowledged
 * is read back damaged.
 */
class SegmentedAppendLogFaultTest {
  @TempDir Path dir;
  private final FaultyChannels disk = new FaultyChannels();

  private SegmentedAppendLog open() throws IOException {
    return SegmentedAppendLog.open(AppendLogOptions.builder(dir).filePrefix("test").build(), disk);
  }

  private static ByteBuffer record(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Every intact record of every segment, oldest first, as text. */
  private static List<String> everything(AppendLog log) throws IOException {
    List<String> out = new ArrayList<>();
    for (long segment : log.seal()) {
      for (LogRecord r : log.read(segment).records()) {
        out.add(new String(r.bytes(), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static long damage(AppendLog log) throws IOException {
    long damaged = 0;
    for (long segment : log.seal()) {
      damaged += log.read(segment).damagedBytes();
    }
    return damaged;
  }

  @Test
  void aPartialWriteLosesNoAcknowledgedRecordBeforeOrAfterIt() throws IOException {
    try (SegmentedAppendLog log = open()) {
      log.append(record("a"));
      disk.failNextWriteAfter(7, "Input/output error");
      assertThatThrownBy(() -> log.append(record("torn-record-payload")))
          .isInstanceOf(IOException.class).hasMessageContaining("was not stored");
      log.append(record("c"));
      log.append(record("d"));
    }
    try (SegmentedAppendLog log = open()) {
      assertThat(everything(log)).containsExactly("a", "c", "d");
      assertThat(damage(log)).isZero(); // cut back: no torn bytes remain
    }
  }

  @Test
  void aPartialWriteWhoseCutFailsTooLeavesTornBytesThatReadersSkip() throws IOException {
    try (SegmentedAppendLog log = open()) {
      log.append(record("a"));
      disk.truncateFails = true;
      disk.failNextWriteAfter(15, "Input/output error");
      assertThatThrownBy(() -> log.append(record("torn-record-payload"))).isInstanceOf(IOException.class);
      disk.truncateFails = false;
      log.append(record("c"));
    }
    try (SegmentedAppendLog log = open()) {
      assertThat(everything(log)).containsExactly("a", "c");
      assertThat(damage(log)).isEqualTo(15);
      assertThat(log.segments()).hasSize(2); // "c" went to a new segment, not behind the torn bytes
    }
  }

  @Test
  void withoutSyncEveryAppendAnAppendDoesNotForceTheSegmentAndItsRecordsSurviveAReopen() throws IOException {
    AppendLogOptions unsynced = AppendLogOptions.builder(dir).filePrefix("test").syncEveryAppend(false).build();
    try (SegmentedAppendLog log = SegmentedAppendLog.open(unsynced, disk)) {
      log.append(record("a")); // starts the segment: its header is forced
      disk.nextForceFails = true; // an append that forced would fail now
      log.append(record("b"));
      log.append(record("c"));
      disk.nextForceFails = false;
    }
    try (SegmentedAppendLog log = SegmentedAppendLog.open(unsynced, disk)) {
      assertThat(everything(log)).containsExactly("a", "b", "c");
    }
  }

  @Test
  void aFailedFsyncIsNotAcknowledgedAndTheLogGoesOnInANewSegment() throws IOException {
    try (SegmentedAppendLog log = open()) {
      log.append(record("a"));
      disk.nextForceFails = true;
      assertThatThrownBy(() -> log.append(record("b"))).isInstanceOf(IOException.class)
          .hasMessageContaining("fsync failed");
      log.append(record("c"));
      assertThat(log.segments()).hasSize(2);
    }
    try (SegmentedAppendLog log = open()) {
      assertThat(everything(log)).containsExactly("a", "c");
    }
  }

  @Test
  void aFullDiskMidRecordLosesNothingAndTheBoundRefusesBeforeWriting() throws IOException {
    try (SegmentedAppendLog log = open()) {
      log.append(record("a"));
      disk.failNextWriteAfter(3, "No space left on device");
      assertThatThrownBy(() -> log.append(record("bbbbbbbb"))).isInstanceOf(IOException.class)
          .hasMessageContaining("No space left on device");
      log.append(record("c"));
    }
    AppendLogOptions bounded = AppendLogOptions.builder(dir).filePrefix("test").maxBytes(200).build();
    try (SegmentedAppendLog log = SegmentedAppendLog.open(bounded, disk)) {
      long before = log.sizeBytes();
      assertThatThrownBy(() -> log.append(ByteBuffer.allocate(500))).isInstanceOf(AppendLogFullException.class)
          .hasMessageContaining("does not fit");
      assertThat(log.sizeBytes()).isEqualTo(before);
      assertThat(everything(log)).containsExactly("a", "c");
    }
  }

  @Test
  void aTailTornByACrashIsSkippedAtEveryCutPoint() throws IOException {
    Path segment;
    try (SegmentedAppendLog log = open()) {
      for (String s : List.of("first", "second", "third")) {
        log.append(record(s));
      }
      segment = dir.resolve("test-" + String.format("%020d", log.seal().get(0)) + ".seg");
    }
    byte[] whole = Files.readAllBytes(segment);
    List<String> all = List.of("first", "second", "third");
    for (int cut = 0; cut <= whole.length; cut++) {
      Files.write(segment, Arrays.copyOf(whole, cut));
      try (SegmentedAppendLog log = open()) {
        List<String> read = everything(log);
        // a crash at any byte leaves a prefix of the records, never a misread one
        assertThat(all.subList(0, read.size())).as("cut at %d", cut).isEqualTo(read);
      }
    }
  }

  @Test
  void damageInTheMiddleOfASegmentKeepsTheRecordsAfterIt() throws IOException {
    long segmentNumber;
    try (SegmentedAppendLog log = open()) {
      log.append(record("first"));
      log.append(record("second"));
      log.append(record("third"));
      segmentNumber = log.seal().get(0);
    }
    Path segment = dir.resolve("test-" + String.format("%020d", segmentNumber) + ".seg");
    byte[] bytes = Files.readAllBytes(segment);
    bytes[FrameCodec.HEADER_BYTES + FrameCodec.FRAME_HEADER_BYTES + 1] ^= 0x55; // inside "first"'s payload
    Files.write(segment, bytes);

    try (SegmentedAppendLog log = open()) {
      SegmentContent content = log.read(segmentNumber);
      assertThat(content.records()).extracting(r -> new String(r.bytes(), StandardCharsets.UTF_8))
          .containsExactly("second", "third");
      assertThat(content.damagedBytes()).isEqualTo(FrameCodec.FRAME_HEADER_BYTES + "first".length());
    }
  }

  @Test
  void appendsAfterAReopenNeverGoToAnOldSegment() throws IOException {
    try (SegmentedAppendLog log = open()) {
      log.append(record("a"));
    }
    try (SegmentedAppendLog log = open()) {
      log.append(record("b"));
      assertThat(log.segments()).hasSize(2);
      assertThat(everything(log)).containsExactly("a", "b");
    }
  }

  @Test
  void rewriteAndDeleteReplaceConsumedSegments() throws IOException {
    try (SegmentedAppendLog log = open()) {
      log.append(record("a"));
      log.append(record("b"));
      long segment = log.seal().get(0);
      assertThatThrownBy(() -> log.rewrite(segment + 1, List.of())).isInstanceOf(IOException.class);
      log.rewrite(segment, List.of(record("b")));
      assertThat(everything(log)).containsExactly("b");
      assertThat(log.sizeBytes()).isEqualTo(Files.size(dir.resolve(
          "test-" + String.format("%020d", segment) + ".seg")));
      log.delete(segment);
      assertThat(log.segments()).isEmpty();
      assertThat(log.sizeBytes()).isZero();
    }
  }

  @Test
  void aFailedRewriteLeavesTheOldContent() throws IOException {
    try (SegmentedAppendLog log = open()) {
      log.append(record("a"));
      log.append(record("b"));
      long segment = log.seal().get(0);
      disk.failNextWriteAfter(2, "No space left on device");
      assertThatThrownBy(() -> log.rewrite(segment, List.of(record("b")))).isInstanceOf(IOException.class);
      assertThat(everything(log)).containsExactly("a", "b");
    }
  }

  @Test
  void theActiveSegmentCannotBeConsumedAndASecondWriterIsRefused() throws IOException {
    try (SegmentedAppendLog log = open()) {
      log.append(record("a"));
      long active = log.segments().get(0);
      assertThat(log.read(active).records()).hasSize(1);
      assertThatThrownBy(() -> log.delete(active)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("seal()");
      assertThatThrownBy(this::open).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("open in another writer");
    }
  }

  @Test
  void segmentsRollAtTheirSize() throws IOException {
    AppendLogOptions small = AppendLogOptions.builder(dir).filePrefix("test").segmentBytes(20).build();
    try (SegmentedAppendLog log = SegmentedAppendLog.open(small, disk)) {
      for (int i = 0; i < 4; i++) {
        log.append(record("record-" + i));
      }
      assertThat(log.segments()).hasSize(4);
      assertThat(everything(log)).containsExactly("record-0", "record-1", "record-2", "record-3");
    }
  }
}
