package dev.activeactive.evcache.internal.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.activeactive.protocol.api.version.Version;
import dev.activeactive.protocol.api.wire.Operation;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write-ahead journal: what a restart publishes again after a kill (everything above the watermark, in order),
 * and what it does with a damaged ack file, a damaged record, a full journal and a segment the disk refuses.
 */
class WriteAheadJournalTest {

  private static final String ORIGIN = "us-east-1";
  private static final Pattern SEGMENT = Pattern.compile("journal-(\\d{20})\\.seg");

  @TempDir
  Path dir;

  private final List<WriteAheadJournal> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws IOException {
    for (WriteAheadJournal j : open) {
      j.close();
    }
  }

  private WriteAheadJournal open(long maxBytes, long segmentBytes) throws IOException {
    WriteAheadJournal j = WriteAheadJournal.open(dir, ORIGIN, maxBytes, segmentBytes, false);
    open.add(j);
    return j;
  }

  private WriteAheadJournal open() throws IOException {
    return open(64L << 20, 4L << 20);
  }

  private static Operation op(int i) {
    return Operation.invalidate(String.format("ds:key-%04d", i), new Version(1_700_000_000_000_000L + i, ORIGIN));
  }

  private static List<Operation> ops(int from, int to) {
    List<Operation> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(op(i));
    }
    return out;
  }

  private static List<Operation> operations(List<WriteAheadJournal.Recovered> recovered) {
    return recovered.stream().map(WriteAheadJournal.Recovered::operation).toList();
  }

  private List<Path> segmentFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> SEGMENT.matcher(p.getFileName().toString()).matches()).sorted().toList();
    }
  }

  /** Closes (writing the watermark) and forgets the journal, to open the directory again. */
  private void stop(WriteAheadJournal j) throws IOException {
    open.remove(j);
    j.close();
  }

  @Test
  void aRestartRecoversWhatWasJournaledAboveTheWatermarkInOrder() throws IOException {
    WriteAheadJournal j = open();
    for (int i = 0; i < 10; i++) {
      assertThat(j.append(op(i))).isEqualTo(i);
    }
    j.advance(3);
    stop(j);
    WriteAheadJournal again = open();
    assertThat(again.recovered()).extracting(WriteAheadJournal.Recovered::ordinal)
        .containsExactly(4L, 5L, 6L, 7L, 8L, 9L);
    assertThat(operations(again.recovered())).containsExactlyElementsOf(ops(4, 10));
    assertThat(again.append(op(10))).as("ordinals keep increasing across restarts").isEqualTo(10);
  }

  @Test
  void aDamagedAckFileReplaysEverythingRatherThanLosingAnything() throws IOException {
    WriteAheadJournal j = open();
    for (int i = 0; i < 10; i++) {
      j.append(op(i));
    }
    j.advance(6);
    stop(j);
    Path ack = dir.resolve("journal.ack");
    assertThat(ack).exists();
    byte[] bytes = Files.readAllBytes(ack);
    bytes[3] ^= 0x5a; // the watermark no longer matches its CRC
    Files.write(ack, bytes);
    WriteAheadJournal again = open();
    assertThat(operations(again.recovered())).as("duplicates, never loss").containsExactlyElementsOf(ops(0, 10));
    assertThat(again.append(op(10))).isEqualTo(10);
  }

  @Test
  void aTruncatedOrEmptyAckFileReplaysEverything() throws IOException {
    WriteAheadJournal j = open();
    for (int i = 0; i < 5; i++) {
      j.append(op(i));
    }
    j.advance(2);
    stop(j);
    Files.write(dir.resolve("journal.ack"), new byte[5]);
    WriteAheadJournal again = open();
    assertThat(operations(again.recovered())).containsExactlyElementsOf(ops(0, 5));
    stop(again);
    Files.write(dir.resolve("journal.ack"), new byte[0]);
    assertThat(operations(open().recovered())).containsExactlyElementsOf(ops(0, 5));
  }

  @Test
  void segmentsWhollyBelowTheWatermarkAreDeletedAndACleanCloseLeavesNothing() throws IOException {
    WriteAheadJournal j = open(64L << 20, 512); // a few records a segment
    for (int i = 0; i < 200; i++) {
      j.append(op(i));
    }
    int before = segmentFiles().size();
    assertThat(before).isGreaterThan(10);
    j.advance(149);
    stop(j); // writes the watermark and trims
    int after = segmentFiles().size();
    assertThat(after).as("segments left after trimming to ordinal 149").isLessThan(before / 2);
    WriteAheadJournal again = open(64L << 20, 512);
    assertThat(operations(again.recovered())).containsExactlyElementsOf(ops(150, 200));
    assertThat(again.segments().values()).allSatisfy(last -> assertThat(last).isGreaterThan(149));
    again.advance(199);
    stop(again);
    assertThat(segmentFiles()).as("an idle journal takes no space").isEmpty();
    WriteAheadJournal third = open(64L << 20, 512);
    assertThat(third.recovered()).isEmpty();
    assertThat(third.append(op(200))).isEqualTo(200);
  }

  @Test
  void aDamagedRecordIsSkippedWithTheOthersRecovered() throws IOException {
    WriteAheadJournal j = open();
    for (int i = 0; i < 20; i++) {
      j.append(op(i));
    }
    stop(j);
    Path file = segmentFiles().get(0);
    String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    int at = text.indexOf("key-0007");
    assertThat(at).isPositive();
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(at + 2);
      raf.write('X');
    }
    WriteAheadJournal again = open();
    List<Operation> expected = ops(0, 20);
    expected.remove(7);
    assertThat(operations(again.recovered())).containsExactlyElementsOf(expected);
    assertThat(again.damagedBytes()).isPositive();
    assertThat(again.append(op(20))).isEqualTo(20);
  }

  @Test
  void aFullJournalRefusesWithAClearErrorAndAcceptsAgainOnceTrimmed() throws IOException {
    WriteAheadJournal j = open(2048, 512);
    int appended = 0;
    SpoolFullException full = null;
    for (int i = 0; i < 1_000 && full == null; i++) {
      try {
        j.append(op(i));
        appended++;
      } catch (SpoolFullException e) {
        full = e;
      }
    }
    assertThat(full).as("the journal met its byte limit").isNotNull();
    assertThat(full).hasMessageContaining("journal is full");
    assertThat(appended).isPositive();
    // what was delivered is trimmed away, and the journal takes appends again
    j.advance(appended - 1);
    stop(j);
    WriteAheadJournal again = open(2048, 512);
    assertThat(again.recovered()).isEmpty();
    assertThat(again.append(op(appended))).isEqualTo(appended);
  }

  @Test
  void aSegmentTheDiskRefusesFailsThatAppendOnlyAndTheJournalGoesOn() throws IOException {
    WriteAheadJournal j = open(64L << 20, 512);
    int appended = 0;
    while (segmentFiles().size() < 2) {
      j.append(op(appended++));
    }
    // the next segment files cannot be created (what a full disk or a failed roll leaves)
    Path last = segmentFiles().get(segmentFiles().size() - 1);
    Matcher m = SEGMENT.matcher(last.getFileName().toString());
    assertThat(m.matches()).isTrue();
    List<Path> blockers = new ArrayList<>();
    for (int ahead = 1; ahead <= 3; ahead++) {
      Path blocker = dir.resolve(String.format("journal-%020d.seg", Long.parseLong(m.group(1)) + ahead));
      Files.createDirectories(blocker.resolve("blocker"));
      blockers.add(blocker);
    }
    IOException refused = null;
    List<Operation> journaled = new ArrayList<>(ops(0, appended));
    for (int i = 0; i < 100 && refused == null; i++) {
      try {
        j.append(op(appended));
        journaled.add(op(appended));
      } catch (IOException e) {
        refused = e;
      }
      appended++;
    }
    assertThat(refused).as("an append met the refused segment").isNotNull()
        .isNotInstanceOf(SpoolFullException.class);
    for (Path b : blockers) {
      Files.delete(b.resolve("blocker"));
      Files.delete(b);
    }
    for (int i = 0; i < 10; i++) {
      j.append(op(appended));
      journaled.add(op(appended));
      appended++;
    }
    stop(j);
    assertThat(operations(open(64L << 20, 512).recovered())).containsExactlyElementsOf(journaled);
  }

  @Test
  void oneDirectoryOneJournal() throws IOException {
    open();
    assertThatThrownBy(() -> WriteAheadJournal.open(dir, ORIGIN, 64L << 20, 4L << 20, false))
        .isInstanceOf(IOException.class).hasMessageContaining("in use");
  }
}
