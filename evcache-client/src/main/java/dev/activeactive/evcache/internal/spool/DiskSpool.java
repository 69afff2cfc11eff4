package dev.activeactive.evcache.internal.spool;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded first-in-first-out queue of byte records on local disk, for the operations or message bodies a
 * publisher cannot hand to SQS while SQS is slow or unreachable. Records are {@link #append appended},
 * {@link #read read} in order, and {@link #acknowledge acknowledged} once delivered; after a restart everything
 * not acknowledged is read again, in order (delivery is at least once: records read but not acknowledged before
 * a crash come back).
 *
 * <p><b>Layout.</b> A directory of segment files {@code segment-<20-digit id>.spool}, each an 8-byte header
 * ({@code "AASP"}, format version u32 = 1) followed by records: length u32, CRC32C u32 of the length bytes and
 * the payload, payload. A file {@code ack} holds the position of the first unacknowledged record (segment id
 * i64, offset i64, CRC32C u32), replaced atomically on every acknowledgement. Segments wholly before that
 * position are deleted, which is how acknowledged space is reclaimed; when everything is acknowledged the
 * current segment is retired too.
 *
 * <p><b>Damage.</b> On open every unacknowledged record is checked. At the first record with a bad length or
 * CRC (a write torn by a crash, or disk damage) the segment is truncated there: every record before it is kept,
 * the damaged tail is dropped, logged and counted ({@link #droppedCorruptBytes()}). A segment with a damaged
 * header is set aside as {@code *.corrupt}. An unreadable {@code ack} file makes the spool replay from its oldest
 * segment: duplicates, never loss.
 *
 * <p><b>Bounds.</b> An append that would make the segment files exceed {@link SpoolOptions#maxBytes()} fails with
 * {@link SpoolFullException}; nothing is dropped silently. A directory is used by one process at a time (a file
 * lock).
 *
 * <p>Thread-safe: every method is synchronized; the spool is a slow path.
 */
public final class DiskSpool implements Closeable {

  static final int SEGMENT_HEADER_BYTES = 8;
  static final int RECORD_HEADER_BYTES = 8;

  private static final Logger log = LoggerFactory.getLogger(DiskSpool.class);
  private static final byte[] SEGMENT_MAGIC = {'A', 'A', 'S', 'P'};
  private static final int SEGMENT_FORMAT = 1;
  private static final Pattern SEGMENT_NAME = Pattern.compile("segment-(\\d{20})\\.spool");
  private static final String ACK_FILE = "ack";
  private static final int ACK_BYTES = 20;

  private final Path dir;
  private final SpoolOptions options;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final TreeMap<Long, Long> segmentSizes = new TreeMap<>(); // id -> bytes of valid content
  private long totalBytes;
  private long droppedCorruptBytes;

  private long writeSegment;
  private FileChannel writeChannel;
  private FileChannel readChannel;
  private long readChannelSegment = -1;

  private SpoolPosition ackPosition;
  private SpoolPosition readPosition;
  private long ackedOrdinal;
  private long readOrdinal;
  private long pendingRecords;
  private boolean closed;

  private DiskSpool(Path dir, SpoolOptions options, FileChannel lockChannel, FileLock lock) {
    this.dir = dir;
    this.options = options;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Opens (or creates) the spool in {@code dir}, recovering what a previous process left.
   *
   * @throws IOException if the directory cannot be used or another process holds it
   */
  public static DiskSpool open(Path dir, SpoolOptions options) throws IOException {
    Objects.requireNonNull(options, "options");
    Files.createDirectories(dir);
    FileChannel lockChannel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      lockChannel.close();
      throw new IOException("spool directory " + dir + " is in use by another spool");
    }
    DiskSpool spool = new DiskSpool(dir, options, lockChannel, lock);
    try {
      spool.recover();
    } catch (IOException | RuntimeException e) {
      spool.close();
      throw e;
    }
    return spool;
  }

  // ---- recovery ----

  private void recover() throws IOException {
    SpoolPosition ack = readAckFile();
    long highestId = ack == null ? -1 : ack.segment();
    for (Map.Entry<Long, Path> segment : listSegments().entrySet()) {
      long id = segment.getKey();
      Path path = segment.getValue();
      highestId = Math.max(highestId, id);
      if (ack != null && id < ack.segment()) {
        Files.delete(path); // fully acknowledged; a crash came between the ack and the deletion
        continue;
      }
      if (!hasValidHeader(path)) {
        long size = Files.size(path);
        droppedCorruptBytes += size;
        Files.move(path, path.resolveSibling(path.getFileName() + ".corrupt"), StandardCopyOption.REPLACE_EXISTING);
        log.error("spool segment {} has a damaged header; set aside as .corrupt ({} bytes)", path.getFileName(), size);
        continue;
      }
      long start = ack != null && id == ack.segment() ? Math.max(ack.offset(), SEGMENT_HEADER_BYTES)
          : SEGMENT_HEADER_BYTES;
      long valid = scanAndTruncate(path, id, start);
      segmentSizes.put(id, valid);
      totalBytes += valid;
    }
    if (segmentSizes.isEmpty()) {
      createSegment(highestId + 1);
    }
    if (ack != null && segmentSizes.containsKey(ack.segment())) {
      long offset = Math.min(Math.max(ack.offset(), SEGMENT_HEADER_BYTES), segmentSizes.get(ack.segment()));
      ackPosition = new SpoolPosition(ack.segment(), offset);
    } else {
      ackPosition = new SpoolPosition(segmentSizes.firstKey(), SEGMENT_HEADER_BYTES);
    }
    readPosition = ackPosition;
    writeSegment = segmentSizes.lastKey();
    writeChannel = FileChannel.open(segmentPath(writeSegment), StandardOpenOption.WRITE);
    writeAckFile(ackPosition);
    if (pendingRecords > 0) {
      log.info("spool reopened with {} unacknowledged records ({} bytes on disk)", pendingRecords, totalBytes);
    }
  }

  /** Validates records from {@code start}; truncates at the first damaged one; returns the valid size. */
  private long scanAndTruncate(Path path, long id, long start) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = channel.size();
      long position = Math.min(start, size);
      ByteBuffer header = ByteBuffer.allocate(RECORD_HEADER_BYTES);
      while (position < size) {
        if (size - position < RECORD_HEADER_BYTES) {
          break;
        }
        header.clear();
        readFully(channel, header, position);
        int length = header.getInt(0);
        int crc = header.getInt(4);
        if (length < 0 || length > options.maxRecordBytes() || length > size - position - RECORD_HEADER_BYTES) {
          break;
        }
        ByteBuffer payload = ByteBuffer.allocate(length);
        readFully(channel, payload, position + RECORD_HEADER_BYTES);
        if (crc(length, payload.array()) != crc) {
          break;
        }
        position += RECORD_HEADER_BYTES + length;
        pendingRecords++;
      }
      if (position < size) {
        channel.truncate(position);
        channel.force(true);
        droppedCorruptBytes += size - position;
        log.warn("spool segment {} has a torn or damaged record at offset {}; dropped the last {} bytes, kept"
            + " everything before", id, position, size - position);
      }
      return position;
    }
  }

  private static boolean hasValidHeader(Path path) throws IOException {
    byte[] bytes = new byte[SEGMENT_HEADER_BYTES];
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        if (channel.read(buffer, buffer.position()) < 0) {
          return false;
        }
      }
    }
    return Arrays.equals(Arrays.copyOf(bytes, 4), SEGMENT_MAGIC) && ByteBuffer.wrap(bytes).getInt(4) == SEGMENT_FORMAT;
  }

  private TreeMap<Long, Path> listSegments() throws IOException {
    TreeMap<Long, Path> segments = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path path : (Iterable<Path>) files::iterator) {
        Matcher m = SEGMENT_NAME.matcher(path.getFileName().toString());
        if (m.matches()) {
          segments.put(Long.parseLong(m.group(1)), path);
        }
      }
    }
    return segments;
  }

  // ---- appending ----

  /**
   * Appends a record at the end of the spool.
   *
   * @return where the record starts
   * @throws SpoolFullException if the record does not fit under the byte limit
   * @throws IllegalArgumentException if the record is larger than {@link SpoolOptions#maxRecordBytes()}
   */
  public synchronized SpoolPosition append(byte[] record) throws IOException {
    checkOpen();
    if (record.length > options.maxRecordBytes()) {
      throw new IllegalArgumentException("record of " + record.length + " bytes exceeds the limit of "
          + options.maxRecordBytes());
    }
    long recordSize = RECORD_HEADER_BYTES + (long) record.length;
    long segmentSize = segmentSizes.get(writeSegment);
    boolean roll = segmentSize + recordSize > options.segmentBytes();
    long needed = recordSize + (roll ? SEGMENT_HEADER_BYTES : 0);
    if (totalBytes + needed > options.maxBytes()) {
      throw new SpoolFullException("spool is full: " + totalBytes + " of " + options.maxBytes() + " bytes used, a"
          + " record needs " + needed);
    }
    if (roll) {
      rollSegment();
      segmentSize = SEGMENT_HEADER_BYTES;
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) recordSize);
    buffer.putInt(record.length).putInt(crc(record.length, record)).put(record).flip();
    // positional write: a failed, partial append is overwritten by the next one
    writeFully(writeChannel, buffer, segmentSize);
    if (options.syncEveryAppend()) {
      writeChannel.force(false);
    }
    segmentSizes.put(writeSegment, segmentSize + recordSize);
    totalBytes += recordSize;
    pendingRecords++;
    return new SpoolPosition(writeSegment, segmentSize);
  }

  private void rollSegment() throws IOException {
    writeChannel.force(false);
    writeChannel.close();
    createSegment(writeSegment + 1);
    writeSegment = writeSegment + 1;
    writeChannel = FileChannel.open(segmentPath(writeSegment), StandardOpenOption.WRITE);
  }

  private void createSegment(long id) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(SEGMENT_HEADER_BYTES);
    header.put(SEGMENT_MAGIC).putInt(SEGMENT_FORMAT).flip();
    try (FileChannel channel = FileChannel.open(segmentPath(id), StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      writeFully(channel, header, 0);
      channel.force(true);
    }
    segmentSizes.put(id, (long) SEGMENT_HEADER_BYTES);
    totalBytes += SEGMENT_HEADER_BYTES;
  }

  // ---- reading and acknowledging ----

  /**
   * Reads up to {@code maxRecords} records after the ones already read (since open or the last {@link #rewind()}).
   * Returns fewer, or none, when the end is reached.
   *
   * @throws IOException if a record fails its CRC (the disk changed under a running spool)
   */
  public synchronized List<SpoolEntry> read(int maxRecords) throws IOException {
    return read(maxRecords, Long.MAX_VALUE);
  }

  /**
   * Reads up to {@code maxRecords} records after the ones already read, stopping before the record that would
   * take the payloads over {@code maxBytes} (the first record is always read). Records not returned stay unread.
   *
   * @throws IOException if a record fails its CRC (the disk changed under a running spool)
   */
  public synchronized List<SpoolEntry> read(int maxRecords, long maxBytes) throws IOException {
    checkOpen();
    List<SpoolEntry> entries = new ArrayList<>();
    long bytes = 0;
    while (entries.size() < maxRecords) {
      long segment = readPosition.segment();
      if (readPosition.offset() >= segmentSizes.get(segment)) {
        Long next = segmentSizes.higherKey(segment);
        if (next == null) {
          break;
        }
        readPosition = new SpoolPosition(next, SEGMENT_HEADER_BYTES);
        continue;
      }
      FileChannel channel = readChannel(segment);
      ByteBuffer header = ByteBuffer.allocate(RECORD_HEADER_BYTES);
      readFully(channel, header, readPosition.offset());
      int length = header.getInt(0);
      long room = segmentSizes.get(segment) - readPosition.offset() - RECORD_HEADER_BYTES;
      if (length < 0 || length > options.maxRecordBytes() || length > room) {
        throw new IOException("spool segment " + segment + " is damaged at offset " + readPosition.offset());
      }
      if (!entries.isEmpty() && bytes + length > maxBytes) {
        break;
      }
      ByteBuffer payload = ByteBuffer.allocate(length);
      readFully(channel, payload, readPosition.offset() + RECORD_HEADER_BYTES);
      if (crc(length, payload.array()) != header.getInt(4)) {
        throw new IOException("spool segment " + segment + " fails its CRC at offset " + readPosition.offset());
      }
      SpoolPosition next = new SpoolPosition(segment, readPosition.offset() + RECORD_HEADER_BYTES + length);
      entries.add(new SpoolEntry(payload.array(), readPosition, next, readOrdinal++));
      bytes += length;
      readPosition = next;
    }
    return entries;
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
    if (entry.ordinal() >= readOrdinal || entry.next().compareTo(readPosition) > 0) {
      throw new IllegalArgumentException("cannot acknowledge a record that has not been read");
    }
    pendingRecords -= entry.ordinal() + 1 - ackedOrdinal;
    ackedOrdinal = entry.ordinal() + 1;
    ackPosition = entry.next();
    if (pendingRecords == 0 && segmentSizes.get(writeSegment) > SEGMENT_HEADER_BYTES) {
      // everything is delivered: retire the current segment too, so an idle spool takes (almost) no space
      rollSegment();
      ackPosition = new SpoolPosition(writeSegment, SEGMENT_HEADER_BYTES);
      readPosition = ackPosition;
    }
    writeAckFile(ackPosition);
    deleteSegmentsBefore(ackPosition.segment());
  }

  /** Makes the next {@link #read} start again at the first unacknowledged record (after a failed delivery). */
  public synchronized void rewind() {
    readPosition = ackPosition;
    readOrdinal = ackedOrdinal;
  }

  private void deleteSegmentsBefore(long segment) throws IOException {
    while (!segmentSizes.isEmpty() && segmentSizes.firstKey() < segment) {
      long id = segmentSizes.firstKey();
      if (readChannelSegment == id) {
        readChannel.close();
        readChannel = null;
        readChannelSegment = -1;
      }
      Files.deleteIfExists(segmentPath(id));
      totalBytes -= segmentSizes.remove(id);
    }
  }

  private FileChannel readChannel(long segment) throws IOException {
    if (readChannelSegment != segment) {
      if (readChannel != null) {
        readChannel.close();
      }
      readChannel = FileChannel.open(segmentPath(segment), StandardOpenOption.READ);
      readChannelSegment = segment;
    }
    return readChannel;
  }

  // ---- the ack file ----

  private SpoolPosition readAckFile() throws IOException {
    Path path = dir.resolve(ACK_FILE);
    if (!Files.exists(path)) {
      return null;
    }
    byte[] bytes = Files.readAllBytes(path);
    if (bytes.length == ACK_BYTES) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      long segment = buffer.getLong();
      long offset = buffer.getLong();
      CRC32C crc = new CRC32C();
      crc.update(bytes, 0, 16);
      if ((int) crc.getValue() == buffer.getInt() && segment >= 0 && offset >= 0) {
        return new SpoolPosition(segment, offset);
      }
    }
    log.warn("spool ack file is damaged; replaying from the oldest segment (records may be delivered twice)");
    return null;
  }

  private void writeAckFile(SpoolPosition position) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(ACK_BYTES);
    buffer.putLong(position.segment()).putLong(position.offset());
    CRC32C crc = new CRC32C();
    crc.update(buffer.array(), 0, 16);
    buffer.putInt((int) crc.getValue()).flip();
    Path tmp = dir.resolve(ACK_FILE + ".tmp");
    try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      writeFully(channel, buffer, 0);
      channel.force(true);
    }
    // rename is atomic: a crash leaves either the old or the new position, never a mix
    Files.move(tmp, dir.resolve(ACK_FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  // ---- metrics ----

  /** Bytes the segment files take on disk (for the spool-size metric). */
  public synchronized long sizeBytes() {
    return totalBytes;
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

  /** Bytes dropped as damaged while opening (torn tails, damaged segments). */
  public synchronized long droppedCorruptBytes() {
    return droppedCorruptBytes;
  }

  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (writeChannel != null) {
        writeChannel.force(false);
        writeChannel.close();
      }
      if (readChannel != null) {
        readChannel.close();
      }
    } finally {
      lock.release();
      lockChannel.close();
    }
  }

  // ---- helpers ----

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("spool is closed");
    }
  }

  private Path segmentPath(long id) {
    return dir.resolve(String.format("segment-%020d.spool", id));
  }

  private static int crc(int length, byte[] payload) {
    CRC32C crc = new CRC32C();
    crc.update(ByteBuffer.allocate(4).putInt(length).array());
    crc.update(payload, 0, length);
    return (int) crc.getValue();
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, at);
      if (n < 0) {
        throw new IOException("unexpected end of spool file at " + at);
      }
      at += n;
    }
  }

  private static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      at += channel.write(buffer, at);
    }
  }
}
