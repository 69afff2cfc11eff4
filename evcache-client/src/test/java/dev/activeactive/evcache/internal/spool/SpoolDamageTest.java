package dev.activeactive.evcache.internal.spool;

import static org.assertj.core.api.Assertions.assertThat;

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

/** A spool must not wedge on damage or a failed segment roll: clear error, the rest delivered, no endless loop. */
class SpoolDamageTest {

  private static final Pattern NUMBERED = Pattern.compile("(.*-)(\\d{20})(\\.[a-z]+)");

  @TempDir
  Path dir;

  private DiskSpool spool;

  @AfterEach
  void closeSpool() throws IOException {
    if (spool != null) {
      spool.close();
    }
  }

  private static byte[] rec(int i) {
    return String.format("record-%04d", i).getBytes(StandardCharsets.US_ASCII);
  }

  private List<Path> segmentFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> NUMBERED.matcher(p.getFileName().toString()).matches()).sorted().toList();
    }
  }

  /** Flips a byte in the middle of record {@code marker}'s payload, wherever the file layout puts it. */
  private void damage(String marker) throws IOException {
    for (Path file : segmentFiles()) {
      byte[] bytes = Files.readAllBytes(file);
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
      int at = text.indexOf(marker);
      if (at >= 0) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
          raf.seek(at + marker.length() - 2);
          raf.write('X');
        }
        return;
      }
    }
    throw new AssertionError("no record " + marker);
  }

  private List<String> readAll() throws IOException {
    List<String> out = new ArrayList<>();
    for (int round = 0; round < 1000; round++) {
      List<SpoolEntry> entries = spool.read(10);
      if (entries.isEmpty()) {
        return out;
      }
      entries.forEach(e -> out.add(new String(e.payload(), StandardCharsets.US_ASCII)));
      spool.acknowledge(entries.get(entries.size() - 1));
    }
    throw new AssertionError("the spool never ended");
  }

  private static List<String> expectedWithout(int count, int missing) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (i != missing) {
        out.add(new String(rec(i), StandardCharsets.US_ASCII));
      }
    }
    return out;
  }

  @Test
  void aRecordDamagedOnDiskIsSkippedAtRestartAndTheRecordsAfterItAreKept() throws IOException {
    spool = DiskSpool.open(dir, SpoolOptions.ofMaxBytes(64L << 20));
    for (int i = 0; i < 100; i++) {
      spool.append(rec(i));
    }
    spool.close();
    damage("record-0050");
    spool = DiskSpool.open(dir, SpoolOptions.ofMaxBytes(64L << 20));
    assertThat(readAll()).containsExactlyElementsOf(expectedWithout(100, 50));
    assertThat(spool.droppedCorruptBytes()).isPositive();
    assertThat(spool.isEmpty()).isTrue();
  }

  @Test
  void aRecordDamagedUnderARunningSpoolIsSkippedNotReadAgainForever() throws IOException {
    spool = DiskSpool.open(dir, new SpoolOptions(1 << 20, 1024, 256, false)); // ~40 records a segment
    for (int i = 0; i < 100; i++) {
      spool.append(rec(i));
    }
    damage("record-0010"); // in a segment already closed
    assertThat(readAll()).containsExactlyElementsOf(expectedWithout(100, 10));
    assertThat(spool.droppedCorruptBytes()).isPositive();
    assertThat(spool.isEmpty()).isTrue();
  }

  @Test
  void aSegmentThatCannotBeStartedFailsThatAppendOnlyAndTheSpoolGoesOn() throws IOException {
    SpoolOptions small = new SpoolOptions(1 << 20, 1024, 256, false);
    spool = DiskSpool.open(dir, small);
    int appended = 0;
    // fill the first segment
    long segmentsBefore = segmentFiles().size();
    while (segmentFiles().size() == segmentsBefore || appended < 5) {
      spool.append(rec(appended++));
      if (appended > 200) {
        break;
      }
    }
    // the next segment's file cannot be created (what a full disk or a half-made file from a failed roll does)
    Path last = segmentFiles().get(segmentFiles().size() - 1);
    Matcher m = NUMBERED.matcher(last.getFileName().toString());
    assertThat(m.matches()).isTrue();
    for (int ahead = 1; ahead <= 3; ahead++) {
      Path blocker = dir.resolve(m.group(1) + String.format("%020d", Long.parseLong(m.group(2)) + ahead) + m.group(3));
      Files.createDirectories(blocker.resolve("blocker"));
    }
    int failed = 0;
    for (int i = 0; i < 200 && failed == 0; i++) {
      try {
        spool.append(rec(appended));
        appended++;
      } catch (IOException e) {
        failed++;
        assertThat(e).isNotInstanceOf(SpoolFullException.class);
      }
    }
    assertThat(failed).as("an append met the blocked segment").isEqualTo(1);
    // the obstacle goes away (space freed); the spool works again without a restart
    for (Path p : segmentFiles()) {
      if (Files.isDirectory(p)) {
        Files.delete(p.resolve("blocker"));
        Files.delete(p);
      }
    }
    for (int i = 0; i < 20; i++) {
      spool.append(rec(appended++));
    }
    List<String> read = readAll();
    assertThat(read).hasSize(appended);
  }
}
