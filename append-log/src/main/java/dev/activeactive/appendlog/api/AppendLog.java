package dev.activeactive.appendlog.api;

import dev.activeactive.appendlog.internal.SegmentedAppendLog;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A durable append log of byte records in a folder of numbered segment files.
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li><b>Acknowledged means on disk.</b> {@link #append} returns only after the record was written and forced
 *       to the device (with {@link AppendLogOptions#syncEveryAppend()} off: written to the OS page cache, which
 *       a killed process cannot lose but a power loss can). An acknowledged record is never lost by a later failed append, a crash, or a restart.
 *   <li><b>A failed append leaves nothing behind it.</b> When a write or an fsync fails (a partial write, a full
 *       disk, an I/O error), the active segment is cut back to its last acknowledged byte and closed; the next
 *       append starts a new segment. If even the cut fails, the torn bytes stay where they are but nothing is
 *       ever appended after them. A failed append may still be read later (its bytes may have reached the
 *       disk before the error): records are delivered at least once, never lost.
 *   <li><b>Damage is skipped, not followed.</b> Every record carries a sync marker, its length and a CRC32C of
 *       both. Reading a segment skips a record that fails those checks (a write torn by a crash, a damaged
 *       sector) and carries on with the next intact record, so records after damage are kept. Skipped bytes
 *       are counted in {@link SegmentContent#damagedBytes()} and logged at WARN.
 *   <li><b>A process never appends to a segment it did not create.</b> After {@link #open} appends go to a new
 *       segment, so a tail torn by a crash stays isolated in its sealed segment.
 *   <li><b>Bounded.</b> An append that would make the segment files exceed {@link AppendLogOptions#maxBytes()}
 *       fails with {@link AppendLogFullException} before writing anything.
 *   <li><b>One writer.</b> A lock file keeps a second log (in this or another process) out of the folder.
 * </ul>
 *
 * <p>Consumers take records a segment at a time: {@link #seal()} closes the active segment and lists every
 * segment; {@link #read} returns a segment's intact records; {@link #delete} or {@link #rewrite} drops what was
 * consumed. Thread-safe; appends are serialized.
 */
public interface AppendLog extends Closeable {

  /** Opens (creating if needed) the log described by {@code options}; see {@link AppendLogOptions#builder}. */
  static AppendLog open(AppendLogOptions options) throws IOException {
    return SegmentedAppendLog.open(options);
  }

  /**
   * Appends one record and forces it to disk before returning (unless {@link AppendLogOptions#syncEveryAppend()}
   * is off: then it is in the OS page cache, safe from a process crash but not from a power loss).
   *
   * @param payload the record's bytes (position to limit); not modified
   * @return where the record is
   * @throws AppendLogFullException when the log is at {@link AppendLogOptions#maxBytes()}; nothing was written
   * @throws IOException when the write or the fsync failed; the record is not acknowledged (see the class
   *     comment for what is left on disk)
   * @throws IllegalStateException when the log is closed
   */
  LogPosition append(ByteBuffer payload) throws IOException;

  /**
   * Closes the active segment, so that later appends go to a new one, and returns the numbers of every segment,
   * oldest first. The segments returned change only through {@link #delete} and {@link #rewrite}.
   */
  List<Long> seal() throws IOException;

  /** The numbers of every segment, oldest first, including the active one. */
  List<Long> segments() throws IOException;

  /**
   * The intact records of a segment, in append order. For the active segment, those acknowledged so far.
   *
   * @throws java.nio.file.NoSuchFileException when the segment does not exist (deleted)
   */
  SegmentContent read(long segment) throws IOException;

  /** Deletes a sealed segment (its records were consumed). Deleting a missing segment does nothing. */
  void delete(long segment) throws IOException;

  /**
   * Replaces a sealed segment's content with {@code records}, atomically: a crash leaves the old or the new
   * content, never a mix. An empty list deletes the segment.
   */
  void rewrite(long segment, List<ByteBuffer> records) throws IOException;

  /** The bytes all segment files take, as counted against {@link AppendLogOptions#maxBytes()}. */
  long sizeBytes();

  /** The options the log was opened with. */
  AppendLogOptions options();

  /** Closes the active segment and releases the folder's lock. Further appends fail. */
  @Override
  void close() throws IOException;
}
