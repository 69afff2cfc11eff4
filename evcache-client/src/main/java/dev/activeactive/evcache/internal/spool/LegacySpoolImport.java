package dev.activeactive.evcache.internal.spool;

import dev.activeactive.appendlog.api.AppendLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves what a spool of the first format left ({@code segment-<20 digits>.spool}: header {@code "AASP"} u32 1, then
 * records of length u32, CRC32C u32, payload; file {@code ack} with the first unacknowledged position) into the
 * append log, once, so that upgrading a client on a non-empty spool loses nothing. The old files are deleted only
 * after their records are forced into the log; a crash before that imports them again (duplicates, never loss).
 */
final class LegacySpoolImport {

  private static final Logger log = LoggerFactory.getLogger(LegacySpoolImport.class);
  private static final Pattern NAME = Pattern.compile("segment-(\\d{20})\\.spool");
  private static final byte[] MAGIC = {'A', 'A', 'S', 'P'};

  private LegacySpoolImport() {}

  static void importInto(Path dir, AppendLog target) throws IOException {
    TreeMap<Long, Path> segments = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.forEach(p -> {
        Matcher m = NAME.matcher(p.getFileName().toString());
        if (m.matches()) {
          segments.put(Long.parseLong(m.group(1)), p);
        }
      });
    }
    if (segments.isEmpty()) {
      return;
    }
    long ackSegment = -1;
    long ackOffset = 8;
    Path ackFile = dir.resolve("ack");
    if (Files.exists(ackFile)) {
      byte[] ack = Files.readAllBytes(ackFile);
      CRC32C crc = new CRC32C();
      crc.update(ack, 0, Math.min(16, ack.length));
      if (ack.length == 20 && (int) crc.getValue() == ByteBuffer.wrap(ack).getInt(16)) {
        ackSegment = ByteBuffer.wrap(ack).getLong(0);
        ackOffset = Math.max(8, ByteBuffer.wrap(ack).getLong(8));
      }
    }
    long imported = 0;
    for (var e : segments.entrySet()) {
      if (e.getKey() < ackSegment) {
        continue;
      }
      byte[] bytes = Files.readAllBytes(e.getValue());
      if (bytes.length < 8 || !Arrays.equals(Arrays.copyOf(bytes, 4), MAGIC)) {
        log.error("old-format spool segment {} has a damaged header; its {} bytes are not imported", e.getValue(),
            bytes.length);
        continue;
      }
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      int position = (int) (e.getKey() == ackSegment ? ackOffset : 8);
      while (position + 8 <= bytes.length) {
        int length = buffer.getInt(position);
        if (length < 0 || length > bytes.length - position - 8) {
          break;
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, position, 4);
        crc.update(bytes, position + 8, length);
        if ((int) crc.getValue() != buffer.getInt(position + 4)) {
          break;
        }
        target.append(ByteBuffer.wrap(bytes, position + 8, length));
        imported++;
        position += 8 + length;
      }
      if (position < bytes.length) {
        log.warn("old-format spool segment {} has a damaged record at offset {}; the {} bytes after it are not"
            + " imported", e.getValue(), position, bytes.length - position);
      }
    }
    target.seal(); // forces what was imported before the old files go
    for (Path p : segments.values()) {
      Files.deleteIfExists(p);
    }
    Files.deleteIfExists(ackFile);
    log.info("imported {} records from an old-format spool in {}", imported, dir);
  }
}
