package dev.activeactive.dualwrite.internal.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the segments of the log's first layout ({@code failed-writes-<16 digits>.log}, v1 frames one after
 * another, no sync marker) into the append log, so that an upgrade loses nothing. A damaged frame there is
 * skipped by looking for the next offset where an intact v1 frame starts (its CRC32C makes a false match
 * negligible): that layout let later appends land behind a torn frame, and those records were acknowledged.
 * A crash during the import replays some writes twice, which is harmless (same write timestamps).
 */
final class LegacySegments {
  private static final Logger log = LoggerFactory.getLogger(LegacySegments.class);

  private LegacySegments() {}

  static void importInto(Path directory, SegmentedFailedWriteLog target) throws IOException {
    List<Path> legacy;
    try (Stream<Path> files = Files.list(directory)) {
      legacy = files.filter(p -> p.getFileName().toString().matches("failed-writes-\\d{16}\\.log"))
          .sorted().toList();
    }
    for (Path segment : legacy) {
      ByteBuffer content = ByteBuffer.wrap(Files.readAllBytes(segment));
      List<FailedWrite> records = new ArrayList<>();
      long damaged = 0;
      while (content.hasRemaining()) {
        int start = content.position();
        FailedWrite record = FailedWriteCodec.decodeNext(content);
        if (record != null) {
          records.add(record);
        } else {
          content.position(start + 1);
          damaged++;
        }
      }
      for (FailedWrite record : records) {
        target.appendUncounted(record);
      }
      Files.delete(segment);
      if (damaged > 0) {
        log.warn("Failed-write log segment {} (first layout) held {} damaged bytes, skipped; its {} intact "
            + "records were kept", segment, damaged, records.size());
      }
      log.info("Moved {} failed writes from {} to the current layout", records.size(), segment);
    }
  }
}
