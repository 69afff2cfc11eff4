package dev.activeactive.evcache.internal.spool;

import dev.activeactive.appendlog.api.AppendLog;
import dev.activeactive.appendlog.api.AppendLogFullException;
import dev.activeactive.appendlog.api.LogPosition;
import dev.activeactive.appendlog.api.LogRecord;
import dev.activeactive.appendlog.api.SegmentContent;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded first-in-first-out queue of byte records on local disk, for the message bodies a publisher cannot
 * hand to SQS while SQS is slow or unreachable. Records are {@link #append appended}, {@link #read read} in order,
 * and {@link #acknowledge acknowledged} once delivered; after a restart everything not acknowledged is read again,
 * in order (delivery is at least once: records read but not acknowledged before a crash come back).
 *
 * <p><b>Storage</b> is the project's {@link AppendLog} (module append-log, shared with cassandra-dualwrite's
 * failed-write log): segment files {@code spool-<20 digits>.seg} with a sync marker, length and CRC32C per record,
 * one set of torn-write rules. A failed append (disk full, I/O error) fails that append only; the log goes on in a
 * new segment, so the spool never wedges. Records damaged on disk are skipped, counted
 * ({@link #droppedCorruptBytes()}) and logged, and the records after them are kept. A file {@code spool.ack} holds
 * the position of the first unacknowledged record (segment, offset, CRC32C), replaced atomically on every
 * acknowledgement (forced to the device only with {@link SpoolOptions#syncEveryAppend()}); wholly acknowledged
 * segments are deleted. An unreadable {@code spool.ack} replays from the
 * oldest segment: duplicates, never loss.
 *
 * <p>The active segment's records are also kept in memory (a segment is at most {@link SpoolOptions#segmentBytes()}),
 * so reading what was just appended costs no disk read; sealed segments are read back one at a time.
 *
 * <p><b>Bounds.</b> An append beyond {@link SpoolOptions#maxBytes()} fails with {@link SpoolFullException}. A
 * directory is used by one spool at a time. Thread-safe: every method is synchronized; the spool is a slow path.
 */
public final class DiskSpool implements Closeable {

  /** Bytes of a segment's header. */
  static final int SEGMENT_HEADER_BYTES = 8;
  /** Bytes a record takes besides its payload. */
  static final int RECORD_HEADER_BYTES = 12;

  private static final Logger log = LoggerFactory.getLogger(DiskSpool.class);
  private static final String PREFIX = "spool";
  private static final String ACK_FILE = "spool.ack";

  private final Path dir;
  private final SpoolOptions options;
  private final AppendLog appendLog;
  /**
   * Segment number to how many of its records are still wanted: always its last ones, since acknowledgements
   * consume from the front. Wholly acknowledged segments are gone.
   */
  private final TreeMap<Long, Integer> counts = new TreeMap<>();
  private final Set<Long> damageCounted = new HashSet<>();
  private long activeSegment = -1;
  private final List<LogRecord> activeRecords = new ArrayList<>();

  /** The sealed segment whose records {@link #cached} holds, or -1. */
  private long cachedSegment = -1;
  private List<LogRecord> cached = List.of();

  // the read cursor: a segment and an index among all its intact records
  private long readSegment = -1;
  private int readIndex;
  private long ackedOrdinal;
  private long readOrdinal;
  private long pendingRecords;
  private long droppedCorruptBytes;
  private boolean closed;

  private DiskSpool(Path dir, SpoolOptions options, AppendLog appendLog) {
    this.dir = dir;
    this.options = options;
    this.appendLog = appendLog;
  }

  /**
   * Opens (or creates) the spool in {@code dir}, recovering what a previous process left.
   *
   * @throws IOException if the directory cannot be used or another spool holds it
   */
  public static DiskSpool open(Path dir, SpoolOptions options) throws IOException {
    Objects.requireNonNull(options, "options");
    AppendLog appendLog = LogDirectory.open(dir, PREFIX, options.segmentBytes(), options.maxBytes(),
        options.syncEveryAppend(), "spool");
    DiskSpool spool = new DiskSpool(dir, options, appendLog);
    LogDirectory.recoverOrClose(appendLog, spool::recover);
    return spool;
  }

  // ---- recovery ----

  private void recover() throws IOException {
    LegacySpoolImport.importInto(dir, appendLog);
    LogPosition ack = readAckFile();
    for (long segment : appendLog.seal()) {
      if (ack != null && segment < ack.segment()) {
        appendLog.delete(segment); // fully acknowledged; a crash came between the ack and the deletion
        continue;
      }
      SegmentContent content = appendLog.read(segment);
      countDamage(content);
      int wanted = 0;
      for (LogRecord record : content.records()) {
        if (ack == null || segment > ack.segment() || record.position().offset() >= ack.offset()) {
          wanted++;
        }
      }
      if (wanted == 0) {
        appendLog.delete(segment);
      } else {
        counts.put(segment, wanted);
        pendingRecords += wanted;
      }
    }
    rewindCursor();
    if (pendingRecords > 0) {
      log.info("spool reopened with {} unacknowledged records ({} bytes on disk)", pendingRecords,
          appendLog.sizeBytes());
    }
  }

  private void countDamage(SegmentContent content) {
    if (content.damagedBytes() > 0 && damageCounted.add(content.segment())) {
      droppedCorruptBytes += content.damagedBytes();
      log.error("spool segment {} holds {} damaged bytes (a torn write or disk damage); the records in them are"
          + " lost, every intact record before and after them is kept", content.segment(), content.damagedBytes());
    }
  }

  // ---- appending ----

  /**
   * Appends a record at the end of the spool.
   *
   * @return where the record starts
   * @throws SpoolFullException if the record does not fit under the byte limit
   * @throws IOException if the disk refused it (full, I/O error): this record is not stored, later appends go on
   * @throws IllegalArgumentException if the record is larger than {@link SpoolOptions#maxRecordBytes()}
   */
  public synchronized SpoolPosition append(byte[] record) throws IOException {
    checkOpen();
    if (record.length > options.maxRecordBytes()) {
      throw new IllegalArgumentException("record of " + record.length + " bytes exceeds the limit of "
          + options.maxRecordBytes());
    }
    LogPosition position;
    try {
      position = appendLog.append(ByteBuffer.wrap(record));
    } catch (AppendLogFullException e) {
      throw new SpoolFullException("spool is full: " + e.getMessage());
    }
    if (position.segment() != activeSegment) {
      activeSegment = position.segment(); // the previous active segment (if any) is sealed: read from disk now
      activeRecords.clear();
    }
    activeRecords.add(new LogRecord(position, ByteBuffer.wrap(record.clone()).asReadOnlyBuffer()));
    counts.merge(position.segment(), 1, Integer::sum);
    if (readSegment < 0) {
      readSegment = position.segment();
      readIndex = activeRecords.size() - 1;
    }
    pendingRecords++;
    return new SpoolPosition(position.segment(), position.offset());
  }

  // ---- reading and acknowledging ----

  /** Reads up to {@code maxRecords} records after the ones already read (since open or the last rewind). */
  public synchronized List<SpoolEntry> read(int maxRecords) throws IOException {
    return read(maxRecords, Long.MAX_VALUE);
  }

  /**
   * Reads up to {@code maxRecords} records after the ones already read (since open or the last {@link #rewind()}),
   * stopping before the record that would take the payloads over {@code maxBytes} (the first record is always
   * read). Records not returned stay unread. Damaged records are skipped (see {@link #droppedCorruptBytes()}).
   */
  public synchronized List<SpoolEntry> read(int maxRecords, long maxBytes) throws IOException {
    checkOpen();
    List<SpoolEntry> entries = new ArrayList<>();
    long bytes = 0;
    while (entries.size() < maxRecords && readSegment >= 0) {
      List<LogRecord> records = records(readSegment);
      if (readIndex >= records.size()) {
        Long next = counts.higherKey(readSegment);
        if (next == null) {
          break;
        }
        readSegment = next;
        readIndex = records(next).size() - counts.get(next);
        continue;
      }
      LogRecord record = records.get(readIndex);
      int length = record.payload().remaining();
      if (!entries.isEmpty() && bytes + length > maxBytes) {
        break;
      }
      SpoolPosition at = new SpoolPosition(readSegment, record.position().offset());
      // next: the segment and the index of the record after this one, which is what acknowledging keeps
      entries.add(new SpoolEntry(record.bytes(), at, new SpoolPosition(readSegment, readIndex + 1L), readOrdinal++));
      bytes += length;
      readIndex++;
    }
    return entries;
  }

  /** Every intact record of {@code segment}, the wanted ones last. */
  private List<LogRecord> records(long segment) throws IOException {
    if (segment == activeSegment) {
      return activeRecords;
    }
    if (cachedSegment != segment) {
      SegmentContent content = appendLog.read(segment);
      countDamage(content);
      cached = content.records();
      cachedSegment = segment;
      int wanted = counts.getOrDefault(segment, 0);
      if (cached.size() < wanted) {
        // records that read intact before now fail their CRC: the disk changed under a running spool
        log.error("spool segment {} lost {} records to damage on disk since they were written; skipping them",
            segment, wanted - cached.size());
        pendingRecords -= wanted - cached.size();
        counts.put(segment, cached.size());
      }
    }
    return cached;
  }

  /**
   * Acknowledges {@code entry} and every record before it: they will not be read again, even after a restart.
   * Acknowledging an already acknowledged entry does nothing.
   *
   * @throws IllegalArgumentException if the entry has not been read yet
   */
  public synchronized void acknowledge(SpoolEntry entry) throws IOException {
    checkOpen();
    if (entry.ordinal() < ackedOrdinal) {
      return;
    }
    if (entry.ordinal() >= readOrdinal) {
      throw new IllegalArgumentException("cannot acknowledge a record that has not been read");
    }
    pendingRecords -= entry.ordinal() + 1 - ackedOrdinal;
    ackedOrdinal = entry.ordinal() + 1;
    long segment = entry.position().segment();
    while (!counts.isEmpty() && counts.firstKey() < segment) {
      dropSegment(counts.firstKey());
    }
    if (counts.containsKey(segment)) {
      int remaining = records(segment).size() - (int) entry.next().offset();
      if (remaining > 0) {
        counts.put(segment, remaining);
      } else if (segment != activeSegment) {
        dropSegment(segment);
      } else {
        // everything is delivered: retire the active segment too, so an idle spool takes no space
        appendLog.seal();
        activeSegment = -1;
        activeRecords.clear();
        dropSegment(segment);
      }
    }
    if (counts.isEmpty()) {
      pendingRecords = 0;
      readSegment = -1;
    } else if (readSegment < counts.firstKey()) {
      readSegment = counts.firstKey();
      readIndex = records(readSegment).size() - counts.get(readSegment);
    }
    writeAckFile();
  }

  private void dropSegment(long segment) throws IOException {
    counts.remove(segment);
    if (cachedSegment == segment) {
      cachedSegment = -1;
      cached = List.of();
    }
    if (segment != activeSegment) {
      appendLog.delete(segment);
    }
  }

  /** Makes the next {@link #read} start again at the first unacknowledged record (after a failed delivery). */
  public synchronized void rewind() {
    readOrdinal = ackedOrdinal;
    try {
      rewindCursor();
    } catch (IOException e) {
      // the first segment cannot be read now; the next read tries again from there and reports the error
      readSegment = counts.isEmpty() ? -1 : counts.firstKey();
      readIndex = 0;
    }
  }

  private void rewindCursor() throws IOException {
    if (counts.isEmpty()) {
      readSegment = -1;
      readIndex = 0;
    } else {
      readSegment = counts.firstKey();
      readIndex = records(readSegment).size() - counts.get(readSegment);
    }
  }

  // ---- the ack file ----

  private LogPosition readAckFile() throws IOException {
    ByteBuffer ack = LogDirectory.readAck(dir.resolve(ACK_FILE), 16);
    if (ack == null) {
      return null;
    }
    if (ack != LogDirectory.DAMAGED) {
      long segment = ack.getLong();
      long offset = ack.getLong();
      if (segment >= 0 && offset >= 0) {
        return new LogPosition(segment, offset);
      }
    }
    log.warn("spool ack file is damaged; replaying from the oldest segment (records may be delivered twice)");
    return null;
  }

  /** Records the position of the first unacknowledged record (or, with none, of the next segment). */
  private void writeAckFile() throws IOException {
    long segment;
    long offset;
    if (counts.isEmpty()) {
      List<Long> segments = appendLog.segments();
      segment = segments.isEmpty() ? 0 : segments.get(segments.size() - 1) + 1;
      offset = 0;
    } else {
      segment = counts.firstKey();
      List<LogRecord> records = records(segment);
      offset = records.get(records.size() - counts.get(segment)).position().offset();
    }
    // forced only with syncEveryAppend: an ack lost to a power loss only replays delivered records (duplicates),
    // while an fsync per acknowledgement stalled the publisher thread for up to 139 ms each on a busy disk
    LogDirectory.writeAck(dir.resolve(ACK_FILE), ByteBuffer.allocate(16).putLong(segment).putLong(offset).array(),
        options.syncEveryAppend());
  }

  // ---- metrics ----

  /** Bytes the segment files take on disk (for the spool-size metric). */
  public synchronized long sizeBytes() {
    return appendLog.sizeBytes();
  }

  /** Records appended (or recovered) and not yet acknowledged. */
  public synchronized long pendingRecords() {
    return pendingRecords;
  }

  /** Records neither acknowledged nor read since the last {@link #rewind()}: what a replay has still to send. */
  public synchronized long unreadRecords() {
    return pendingRecords - (readOrdinal - ackedOrdinal);
  }

  /** Whether every record has been acknowledged. */
  public synchronized boolean isEmpty() {
    return pendingRecords == 0;
  }

  /** Bytes found damaged (torn tails, damaged records) and skipped, since open. */
  public synchronized long droppedCorruptBytes() {
    return droppedCorruptBytes;
  }

  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    appendLog.close();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("spool is closed");
    }
  }

  @Override
  public String toString() {
    return "DiskSpool[" + dir + ", " + pendingRecords + " records, " + counts.size() + " segments]";
  }

  /** For tests: the segments holding wanted records. */
  synchronized Map<Long, Integer> segmentCounts() {
    return Map.copyOf(counts);
  }
}
