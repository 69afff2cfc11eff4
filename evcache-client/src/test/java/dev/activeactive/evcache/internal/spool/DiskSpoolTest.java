package dev.activeactive.evcache.internal.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpoolTest {

  private static final SpoolOptions SMALL = new SpoolOptions(4096, 1024, 256, false);

  @TempDir
  Path dir;

  private DiskSpool spool;

  @AfterEach
  void closeSpool() throws IOException {
    if (spool != null) {
      spool.close();
    }
  }

  private static byte[] rec(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> payloads(List<SpoolEntry> entries) {
    return entries.stream().map(e -> new String(e.payload(), StandardCharsets.UTF_8)).toList();
  }

  private DiskSpool reopen() throws IOException {
    if (spool != null) {
      spool.close();
    }
    spool = DiskSpool.open(dir, SMALL);
    return spool;
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted().toList();
    }
  }

  @Test
  void readsInAppendOrderAndAcknowledges() throws IOException {
    reopen();
    assertThat(spool.isEmpty()).isTrue();
    for (int i = 0; i < 5; i++) {
      spool.append(rec("r" + i));
    }
    assertThat(spool.pendingRecords()).isEqualTo(5);
    List<SpoolEntry> first = spool.read(3);
    assertThat(payloads(first)).containsExactly("r0", "r1", "r2");
    spool.acknowledge(first.get(2));
    assertThat(spool.pendingRecords()).isEqualTo(2);
    assertThat(payloads(spool.read(10))).containsExactly("r3", "r4");
    assertThat(spool.read(10)).isEmpty();
  }

  @Test
  void restartReplaysWhatWasNotAcknowledgedInOrder() throws IOException {
    reopen();
    for (int i = 0; i < 40; i++) { // spans several segments
      spool.append(rec("record-" + i));
    }
    List<SpoolEntry> read = spool.read(15);
    spool.acknowledge(read.get(9)); // 0..9 delivered; 10..14 read but not acknowledged
    reopen();
    assertThat(spool.pendingRecords()).isEqualTo(30);
    List<String> replay = payloads(spool.read(100));
    assertThat(replay).hasSize(30).first().isEqualTo("record-10");
    assertThat(replay).last().isEqualTo("record-39");
    for (int i = 0; i < replay.size(); i++) {
      assertThat(replay.get(i)).isEqualTo("record-" + (10 + i));
    }
  }

  @Test
  void appendsAfterRestartFollowTheReplayedRecords() throws IOException {
    reopen();
    spool.append(rec("a"));
    reopen();
    spool.append(rec("b"));
    assertThat(payloads(spool.read(10))).containsExactly("a", "b");
  }

  @Test
  void aTornTailIsDroppedAndEverythingBeforeItKept() throws IOException {
    reopen();
    spool.append(rec("one"));
    spool.append(rec("two"));
    spool.append(rec("three"));
    spool.close();
    spool = null;
    Path segment = segments().get(segments().size() - 1);
    try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
      file.setLength(file.length() - 2); // the last write was cut short by a crash
    }
    reopen();
    assertThat(spool.droppedCorruptBytes()).isEqualTo(12 + 5 - 2); // the torn frame
    assertThat(spool.pendingRecords()).isEqualTo(2);
    spool.append(rec("four"));
    assertThat(payloads(spool.read(10))).containsExactly("one", "two", "four");
  }

  @Test
  void aPartialRecordHeaderIsDropped() throws IOException {
    reopen();
    spool.append(rec("one"));
    spool.close();
    spool = null;
    Path segment = segments().get(0);
    Files.write(segment, new byte[] {0, 0, 0}, java.nio.file.StandardOpenOption.APPEND);
    reopen();
    assertThat(spool.droppedCorruptBytes()).isEqualTo(3);
    assertThat(payloads(spool.read(10))).containsExactly("one");
  }

  @Test
  void aDamagedRecordIsSkippedAndTheRecordsBeforeAndAfterItKept() throws IOException {
    reopen();
    spool.append(rec("aaaa"));
    spool.append(rec("bbbb"));
    spool.append(rec("cccc"));
    spool.close();
    spool = null;
    Path segment = segments().get(0);
    byte[] bytes = Files.readAllBytes(segment);
    int second = 8 + (12 + 4); // segment header + first record
    bytes[second + 12 + 1] ^= 0x40; // flip a payload bit of the second record: its CRC fails
    Files.write(segment, bytes);
    reopen();
    assertThat(payloads(spool.read(10))).containsExactly("aaaa", "cccc");
    assertThat(spool.droppedCorruptBytes()).isEqualTo(12 + 4);
  }

  @Test
  void aForgedHugeLengthIsTreatedAsDamageNotAllocated() throws IOException {
    reopen();
    spool.append(rec("ok"));
    spool.close();
    spool = null;
    Path segment = segments().get(0);
    Files.write(segment, new byte[] {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 0, 0, 0},
        java.nio.file.StandardOpenOption.APPEND);
    reopen();
    assertThat(payloads(spool.read(10))).containsExactly("ok");
  }

  @Test
  void aFullSpoolFailsExplicitlyAndRecoversAfterAcknowledgement() throws IOException {
    reopen();
    byte[] record = new byte[200];
    int appended = 0;
    try {
      while (true) {
        spool.append(record);
        appended++;
      }
    } catch (SpoolFullException expected) {
      assertThat(expected).hasMessageContaining("full");
    }
    assertThat(appended).isGreaterThan(10);
    assertThat(spool.sizeBytes()).isLessThanOrEqualTo(SMALL.maxBytes());
    assertThat(spool.pendingRecords()).isEqualTo(appended);
    List<SpoolEntry> entries = spool.read(appended);
    spool.acknowledge(entries.get(appended / 2));
    spool.append(record);
  }

  @Test
  void rejectsRecordsOverTheLimit() throws IOException {
    reopen();
    assertThatThrownBy(() -> spool.append(new byte[257])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void acknowledgedSegmentsAreDeleted() throws IOException {
    reopen();
    for (int i = 0; i < 30; i++) {
      spool.append(new byte[100]);
    }
    int before = segments().size();
    long sizeBefore = spool.sizeBytes();
    assertThat(before).isGreaterThan(2);
    List<SpoolEntry> entries = spool.read(30);
    spool.acknowledge(entries.get(25));
    assertThat(segments().size()).isLessThan(before);
    assertThat(spool.sizeBytes()).isLessThan(sizeBefore);
    spool.acknowledge(entries.get(29));
    assertThat(segments()).isEmpty();
    assertThat(spool.sizeBytes()).isZero(); // an idle spool takes no space
    assertThat(spool.isEmpty()).isTrue();
    reopen();
    assertThat(spool.read(10)).isEmpty();
  }

  @Test
  void rewindReadsUnacknowledgedRecordsAgain() throws IOException {
    reopen();
    spool.append(rec("x"));
    spool.append(rec("y"));
    spool.append(rec("z"));
    List<SpoolEntry> entries = spool.read(3);
    spool.acknowledge(entries.get(0));
    spool.rewind(); // delivery of y and z failed
    List<SpoolEntry> again = spool.read(10);
    assertThat(payloads(again)).containsExactly("y", "z");
    spool.acknowledge(again.get(1));
    assertThat(spool.isEmpty()).isTrue();
  }

  @Test
  void acknowledgementIsIdempotentAndCannotRunAhead() throws IOException {
    reopen();
    spool.append(rec("a"));
    spool.append(rec("b"));
    List<SpoolEntry> first = spool.read(1);
    spool.acknowledge(first.get(0));
    spool.acknowledge(first.get(0));
    assertThat(spool.pendingRecords()).isEqualTo(1);
    SpoolEntry forged = new SpoolEntry(new byte[0], first.get(0).next(), new SpoolPosition(99, 0), 5);
    assertThatThrownBy(() -> spool.acknowledge(forged)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDamagedAckFileReplaysEverythingRatherThanLosingAnything() throws IOException {
    reopen();
    spool.append(rec("a"));
    spool.append(rec("b"));
    spool.acknowledge(spool.read(1).get(0));
    spool.close();
    spool = null;
    Files.write(dir.resolve("spool.ack"), new byte[] {1, 2, 3});
    reopen();
    assertThat(payloads(spool.read(10))).containsExactly("a", "b");
  }

  @Test
  void aSegmentWithADamagedHeaderKeepsItsIntactRecords() throws IOException {
    reopen();
    for (int i = 0; i < 20; i++) {
      spool.append(new byte[100]);
    }
    spool.close();
    spool = null;
    List<Path> segments = segments();
    Files.write(segments.get(0), new byte[] {'X', 'X', 'X', 'X'}, java.nio.file.StandardOpenOption.WRITE);
    reopen();
    assertThat(spool.read(100)).hasSize(20);
    assertThat(spool.droppedCorruptBytes()).isEqualTo(8); // the header
  }

  @Test
  void oneDirectoryOneSpool() throws IOException {
    reopen();
    assertThatThrownBy(() -> DiskSpool.open(dir, SMALL)).isInstanceOf(IOException.class)
        .hasMessageContaining("in use");
  }

  @Test
  void randomOperationsMatchAQueueModelAcrossRestarts() throws IOException {
    Random random = new Random(23);
    reopen();
    Deque<String> unacked = new ArrayDeque<>();
    List<SpoolEntry> inFlight = new ArrayList<>();
    int next = 0;
    for (int step = 0; step < 2_000; step++) {
      int action = random.nextInt(10);
      if (action < 5) {
        String payload = "p" + next + "-" + "x".repeat(random.nextInt(120));
        try {
          spool.append(rec(payload));
          unacked.addLast(payload);
          next++;
        } catch (SpoolFullException full) {
          assertThat(spool.sizeBytes()).isGreaterThan(SMALL.maxBytes() - 256 - 16 - 8);
        }
      } else if (action < 8) {
        List<SpoolEntry> read = spool.read(1 + random.nextInt(5));
        List<String> expected = new ArrayList<>(unacked).subList(inFlight.size(),
            Math.min(unacked.size(), inFlight.size() + read.size()));
        assertThat(payloads(read)).isEqualTo(expected);
        inFlight.addAll(read);
      } else if (action < 9 && !inFlight.isEmpty()) {
        int upTo = random.nextInt(inFlight.size());
        spool.acknowledge(inFlight.get(upTo));
        for (int i = 0; i <= upTo; i++) {
          unacked.removeFirst();
        }
        inFlight = new ArrayList<>(inFlight.subList(upTo + 1, inFlight.size()));
      } else {
        reopen();
        inFlight.clear();
      }
      assertThat(spool.pendingRecords()).isEqualTo(unacked.size());
      assertThat(spool.sizeBytes()).isLessThanOrEqualTo(SMALL.maxBytes() + 8);
    }
  }
}
