package dev.activeactive.evcache.internal.spool;

import dev.activeactive.appendlog.api.AppendLog;
import dev.activeactive.appendlog.api.AppendLogOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * What the {@link DiskSpool} and the {@link WriteAheadJournal} share on disk: an {@link AppendLog} that one
 * process at a time owns, beside a small position file ({@code *.ack}) that is checked by a CRC32C and replaced
 * atomically.
 */
final class LogDirectory {

  private LogDirectory() {}

  /** Recovers what a previous process left in a freshly opened log. */
  interface Recovery {
    void run() throws IOException;
  }

  /**
   * Opens (or creates) the append log in {@code dir}.
   *
   * @param what what the log is, for the error ("spool", "journal")
   * @throws IOException if the directory cannot be used, or another process (or object) holds it
   */
  static AppendLog open(Path dir, String prefix, long segmentBytes, long maxBytes, boolean syncEveryAppend,
      String what) throws IOException {
    Objects.requireNonNull(dir, "dir");
    Files.createDirectories(dir);
    try {
      return AppendLog.open(AppendLogOptions.builder(dir).filePrefix(prefix).segmentBytes(segmentBytes)
          .maxBytes(maxBytes).syncEveryAppend(syncEveryAppend).build());
    } catch (IllegalStateException e) {
      throw new IOException(what + " directory " + dir + " is in use by another client: " + e.getMessage(), e);
    }
  }

  /** Runs {@code recovery}; if it fails, closes {@code log} (keeping the failure) and rethrows. */
  static void recoverOrClose(AppendLog log, Recovery recovery) throws IOException {
    try {
      recovery.run();
    } catch (IOException | RuntimeException e) {
      try {
        log.close();
      } catch (IOException | RuntimeException again) {
        e.addSuppressed(again);
      }
      throw e;
    }
  }

  /**
   * The payload of an ack file of {@code payloadBytes} bytes plus its CRC32C, or {@code null} when the file is
   * missing; {@link #DAMAGED} when its length or CRC is wrong.
   */
  static ByteBuffer readAck(Path path, int payloadBytes) throws IOException {
    if (!Files.exists(path)) {
      return null;
    }
    byte[] bytes = Files.readAllBytes(path);
    if (bytes.length != payloadBytes + 4) {
      return DAMAGED;
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, payloadBytes);
    if ((int) crc.getValue() != ByteBuffer.wrap(bytes, payloadBytes, 4).getInt()) {
      return DAMAGED;
    }
    return ByteBuffer.wrap(bytes, 0, payloadBytes).slice();
  }

  /** What {@link #readAck} returns for a damaged file (compare by identity). */
  static final ByteBuffer DAMAGED = ByteBuffer.allocate(0);

  /**
   * Replaces the ack file with {@code payload} and its CRC32C: written to a temporary file, forced when
   * {@code force}, then renamed over the old one, so a crash leaves the old or the new content, never a mix.
   */
  static void writeAck(Path path, byte[] payload, boolean force) throws IOException {
    CRC32C crc = new CRC32C();
    crc.update(payload);
    ByteBuffer buffer = ByteBuffer.allocate(payload.length + 4);
    buffer.put(payload).putInt((int) crc.getValue()).flip();
    Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
    try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      if (force) {
        channel.force(true);
      }
    }
    Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
