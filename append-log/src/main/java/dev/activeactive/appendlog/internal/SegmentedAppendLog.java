package dev.activeactive.appendlog.internal;

import dev.activeactive.appendlog.api.AppendLog;
import dev.activeactive.appendlog.api.AppendLogFullException;
import dev.activeactive.appendlog.api.AppendLogOptions;
import dev.activeactive.appendlog.api.LogPosition;
import dev.activeactive.appendlog.api.SegmentContent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link AppendLog}: see there for the rules this class keeps. */
public final class SegmentedAppendLog implements AppendLog {
  private static final Logger log = LoggerFactory.getLogger(SegmentedAppendLog.class);

  private final AppendLogOptions options;
  private final ChannelOpener opener;
  private final SegmentFiles files;
  private final DirectoryLock lock;
  /** Segment number to its size on disk; the active segment included. */
  private final TreeMap<Long, Long> sizes = new TreeMap<>();
  private long totalBytes;
  private long nextSegment;
  private FileChannel active;
  private long activeSegment = -1;
  /** Bytes of the active segment that are acknowledged (header plus acknowledged frames). */
  private long activeCommitted;
  private boolean closed;

  private SegmentedAppendLog(AppendLogOptions options, ChannelOpener opener, SegmentFiles files,
      DirectoryLock lock) {
    this.options = options;
    this.opener = opener;
    this.files = files;
    this.lock = lock;
  }

  public static SegmentedAppendLog open(AppendLogOptions options) throws IOException {
    return open(options, ChannelOpener.FILES);
  }

  static SegmentedAppendLog open(AppendLogOptions options, ChannelOpener opener) throws IOException {
    Files.createDirectories(options.directory());
    DirectoryLock lock = DirectoryLock.acquire(options.directory());
    try {
      SegmentFiles files = new SegmentFiles(options.directory(), options.filePrefix(), opener);
      SegmentedAppendLog opened = new SegmentedAppendLog(options, opener, files, lock);
      files.deleteLeftoverTemporaries();
      long highest = 0;
      for (long segment : files.list()) {
        long size = Files.size(files.path(segment));
        opened.sizes.put(segment, size);
        opened.totalBytes += size;
        highest = Math.max(highest, segment);
      }
      opened.nextSegment = highest + 1;
      return opened;
    } catch (IOException | RuntimeException e) {
      lock.release();
      throw e;
    }
  }

  @Override
  public synchronized LogPosition append(ByteBuffer payload) throws IOException {
    checkOpen();
    ByteBuffer frame = FrameCodec.frame(payload);
    int length = frame.remaining();
    boolean roll = active == null || activeCommitted >= options.segmentBytes();
    long needed = length + (roll ? FrameCodec.HEADER_BYTES : 0);
    if (totalBytes + needed > options.maxBytes()) {
      throw new AppendLogFullException("The append log " + options.directory() + " holds " + totalBytes
          + " bytes and may hold " + options.maxBytes() + "; a record of " + length + " bytes does not fit. "
          + "Consume (replay) what it holds, or give it more room");
    }
    if (roll) {
      roll();
    }
    long offset = activeCommitted;
    try {
      writeFully(active, frame, offset);
      if (options.syncEveryAppend()) {
        active.force(false);
      }
    } catch (IOException e) {
      abandonActive(e);
      throw new IOException("Cannot append to " + files.path(activeSegmentOrLast()) + " (" + e
          + "); the record was not stored. The log keeps working with a new segment", e);
    }
    activeCommitted += length;
    sizes.put(activeSegment, activeCommitted);
    totalBytes += length;
    return new LogPosition(activeSegment, offset);
  }

  private long activeSegmentOrLast() {
    return activeSegment >= 0 ? activeSegment : nextSegment - 1;
  }

  private void roll() throws IOException {
    closeActive();
    long segment = nextSegment++;
    Path path = files.path(segment);
    FileChannel created = opener.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        StandardOpenOption.READ));
    try {
      writeFully(created, FrameCodec.header(), 0);
      created.force(true);
      files.syncDirectory();
    } catch (IOException e) {
      closeQuietly(created);
      Files.deleteIfExists(path);
      throw new IOException("Cannot start segment " + path + " (" + e + "); the record was not stored", e);
    }
    active = created;
    activeSegment = segment;
    activeCommitted = FrameCodec.HEADER_BYTES;
    sizes.put(segment, activeCommitted);
    totalBytes += activeCommitted;
  }

  /**
   * After a failed write or fsync: cut the segment back to its acknowledged bytes and stop appending to it,
   * so that no later record ever lands behind a torn one. The page cache after a failed fsync cannot be
   * trusted, hence a new segment rather than another try on this one.
   */
  private void abandonActive(IOException cause) {
    long segment = activeSegment;
    Path path = files.path(segment);
    try {
      active.truncate(activeCommitted);
      active.force(true);
    } catch (IOException e) {
      log.warn("Could not cut {} back to its last acknowledged byte {} after a failed append ({}); the torn "
          + "bytes stay there and readers skip them. No later record is appended to this segment", path,
          activeCommitted, e.toString());
      cause.addSuppressed(e);
    }
    closeQuietly(active);
    active = null;
    activeSegment = -1;
    long onDisk;
    try {
      onDisk = Files.size(path);
    } catch (IOException e) {
      onDisk = activeCommitted;
    }
    totalBytes += onDisk - sizes.getOrDefault(segment, 0L);
    sizes.put(segment, onDisk);
  }

  private void closeActive() throws IOException {
    if (active != null) {
      FileChannel closing = active;
      active = null;
      activeSegment = -1;
      try {
        closing.force(true);
      } finally {
        closing.close();
      }
    }
  }

  @Override
  public synchronized List<Long> seal() throws IOException {
    checkOpen();
    closeActive();
    return List.copyOf(sizes.keySet());
  }

  @Override
  public synchronized List<Long> segments() {
    return List.copyOf(sizes.keySet());
  }

  @Override
  public SegmentContent read(long segment) throws IOException {
    long readable;
    synchronized (this) {
      checkOpen();
      if (!sizes.containsKey(segment)) {
        throw new NoSuchFileException(files.path(segment).toString(), null, "no such segment in the append log");
      }
      readable = segment == activeSegment ? activeCommitted : Long.MAX_VALUE;
    }
    byte[] bytes = Files.readAllBytes(files.path(segment));
    int end = (int) Math.min(bytes.length, readable);
    FrameCodec.Scan scan = FrameCodec.scan(segment, bytes, end);
    if (scan.damagedBytes() > 0) {
      log.warn("Segment {} holds {} damaged bytes (a write torn by a crash or a failed append, or disk damage); "
          + "they were skipped and its {} intact records are kept", files.path(segment), scan.damagedBytes(),
          scan.records().size());
    }
    return new SegmentContent(segment, scan.records(), scan.damagedBytes());
  }

  @Override
  public synchronized void delete(long segment) throws IOException {
    checkOpen();
    checkSealed(segment);
    Long size = sizes.remove(segment);
    if (size != null) {
      Files.deleteIfExists(files.path(segment));
      files.syncDirectory();
      totalBytes -= size;
    }
  }

  @Override
  public synchronized void rewrite(long segment, List<ByteBuffer> records) throws IOException {
    checkOpen();
    checkSealed(segment);
    if (!sizes.containsKey(segment)) {
      throw new NoSuchFileException(files.path(segment).toString(), null, "no such segment in the append log");
    }
    if (records.isEmpty()) {
      delete(segment);
      return;
    }
    List<ByteBuffer> content = new ArrayList<>(records.size() + 1);
    content.add(FrameCodec.header());
    records.forEach(r -> content.add(FrameCodec.frame(r)));
    long size = files.replaceAtomically(segment, content);
    totalBytes += size - sizes.put(segment, size);
  }

  private void checkSealed(long segment) {
    if (segment == activeSegment) {
      throw new IllegalStateException("Segment " + segment + " is still being appended to; seal() it first");
    }
  }

  @Override
  public synchronized long sizeBytes() {
    return totalBytes;
  }

  @Override
  public AppendLogOptions options() {
    return options;
  }

  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      closeActive();
    } finally {
      lock.release();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("The append log " + options.directory() + " is closed");
    }
  }

  static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      at += channel.write(buffer, at);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("Closing a segment channel failed", e);
    }
  }

  @Override
  public String toString() {
    return "AppendLog[" + options.directory() + ", " + sizes.size() + " segments, " + totalBytes + " bytes]";
  }
}
