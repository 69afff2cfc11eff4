package dev.activeactive.dualwrite.internal.log;

import dev.activeactive.dualwrite.api.FailedWriteLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failed-write log as a folder of numbered segment files. New records are appended to the active
 * segment and forced to disk; a replay first {@linkplain #seal() seals} the active segment, so appends and
 * replays never touch the same file, then works through sealed segments oldest first. A segment whose
 * records were all applied is deleted; one applied in part is replaced atomically by its remaining records.
 *
 * <p>A lock file keeps a second process (or writer) from opening the same folder. Thread-safe.
 */
public final class SegmentedFailedWriteLog implements FailedWriteLog, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SegmentedFailedWriteLog.class);
  private static final String PREFIX = "failed-writes-";
  private static final String SUFFIX = ".log";
  /** Segments roll at this size so that a replay never holds more than one segment in memory. */
  static final long DEFAULT_SEGMENT_BYTES = 16L * 1024 * 1024;

  private final Path directory;
  private final long segmentBytes;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Map<String, AtomicLong> pendingByTarget = new ConcurrentHashMap<>();
  private long nextSegment;
  private FileChannel active;
  private long activeBytes;
  private boolean closed;

  private SegmentedFailedWriteLog(Path directory, long segmentBytes, FileChannel lockChannel, FileLock lock) {
    this.directory = directory;
    this.segmentBytes = segmentBytes;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /** Opens (creating if needed) the log in {@code directory} and counts what it holds. */
  public static SegmentedFailedWriteLog open(Path directory) {
    return open(directory, DEFAULT_SEGMENT_BYTES);
  }

  static SegmentedFailedWriteLog open(Path directory, long segmentBytes) {
    try {
      Files.createDirectories(directory);
      FileChannel lockChannel = FileChannel.open(directory.resolve(".lock"),
          StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        lockChannel.close();
        throw new IllegalStateException("The failed-write log " + directory + " is open in another writer or "
            + "process; give each writer its own folder, or close the other writer first");
      }
      SegmentedFailedWriteLog opened = new SegmentedFailedWriteLog(directory, segmentBytes, lockChannel, lock);
      opened.recover();
      return opened;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the failed-write log in " + directory + ": " + e.getMessage(), e);
    }
  }

  /** Counts the records of every segment, and cuts a record torn by a crash off the end of a segment. */
  private void recover() throws IOException {
    long highest = 0;
    for (Path segment : segments()) {
      highest = Math.max(highest, segmentNumber(segment));
      ByteBuffer content = ByteBuffer.wrap(Files.readAllBytes(segment));
      List<FailedWrite> records = new ArrayList<>();
      FailedWrite record;
      while ((record = FailedWriteCodec.decodeNext(content)) != null) {
        records.add(record);
      }
      if (content.hasRemaining()) {
        log.warn("Failed-write log segment {} ends with {} unreadable bytes (a write torn by a crash); keeping "
            + "its {} intact records", segment, content.remaining(), records.size());
        rewrite(segment, records);
      }
      records.forEach(r -> counter(r.target()).incrementAndGet());
    }
    nextSegment = highest + 1;
    if (size() > 0) {
      log.info("Failed-write log {} holds {} writes to replay: {}", directory, size(), sizeByTarget());
    }
  }

  /** Appends a record and forces it to disk before returning. */
  public synchronized void append(FailedWrite write) {
    if (closed) {
      throw new IllegalStateException("The failed-write log " + directory + " is closed");
    }
    ByteBuffer frame = FailedWriteCodec.encode(write);
    try {
      if (active == null || activeBytes >= segmentBytes) {
        rollActive();
      }
      int length = frame.remaining();
      while (frame.hasRemaining()) {
        active.write(frame);
      }
      active.force(false);
      activeBytes += length;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot append to the failed-write log " + directory + " (disk full or "
          + "not writable?): " + e.getMessage(), e);
    }
    counter(write.target()).incrementAndGet();
  }

  private void rollActive() throws IOException {
    closeActive();
    Path segment = directory.resolve(segmentName(nextSegment++));
    active = FileChannel.open(segment, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    activeBytes = 0;
  }

  private void closeActive() throws IOException {
    if (active != null) {
      active.force(true);
      active.close();
      active = null;
    }
  }

  /**
   * Closes the active segment so that later appends go to a new one, and returns every segment, oldest first.
   * Everything returned is immutable until {@link #replaceSegment} changes it.
   */
  public synchronized List<Path> seal() {
    try {
      closeActive();
      return segments();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot seal the failed-write log " + directory + ": " + e.getMessage(), e);
    }
  }

  /** The records of a sealed segment, in the order they were appended. */
  public List<FailedWrite> read(Path segment) {
    try {
      ByteBuffer content = ByteBuffer.wrap(Files.readAllBytes(segment));
      List<FailedWrite> records = new ArrayList<>();
      FailedWrite record;
      while ((record = FailedWriteCodec.decodeNext(content)) != null) {
        records.add(record);
      }
      return records;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read failed-write log segment " + segment + ": " + e.getMessage(), e);
    }
  }

  /**
   * Records that {@code applied} records of a sealed segment were applied: the segment then holds only
   * {@code remaining}, or is deleted when nothing remains.
   */
  public void replaceSegment(Path segment, List<FailedWrite> applied, List<FailedWrite> remaining) {
    try {
      if (remaining.isEmpty()) {
        Files.deleteIfExists(segment);
      } else {
        rewrite(segment, remaining);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot update failed-write log segment " + segment
          + "; its applied writes may be replayed again, which is harmless: " + e.getMessage(), e);
    }
    applied.forEach(w -> counter(w.target()).decrementAndGet());
  }

  /** Replaces a file's content atomically: a crash leaves either the old or the new content. */
  private void rewrite(Path segment, List<FailedWrite> records) throws IOException {
    Path temporary = segment.resolveSibling(segment.getFileName() + ".tmp");
    try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      for (FailedWrite record : records) {
        ByteBuffer frame = FailedWriteCodec.encode(record);
        while (frame.hasRemaining()) {
          out.write(frame);
        }
      }
      out.force(true);
    }
    try {
      Files.move(temporary, segment, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, segment, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      TreeMap<Long, Path> byNumber = new TreeMap<>();
      files.filter(p -> p.getFileName().toString().startsWith(PREFIX)
              && p.getFileName().toString().endsWith(SUFFIX))
          .forEach(p -> byNumber.put(segmentNumber(p), p));
      return List.copyOf(byNumber.values());
    }
  }

  private static String segmentName(long number) {
    return String.format("%s%016d%s", PREFIX, number, SUFFIX);
  }

  private static long segmentNumber(Path segment) {
    String name = segment.getFileName().toString();
    return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
  }

  private AtomicLong counter(String target) {
    return pendingByTarget.computeIfAbsent(target, t -> new AtomicLong());
  }

  @Override
  public Path directory() {
    return directory;
  }

  @Override
  public long size() {
    return pendingByTarget.values().stream().mapToLong(AtomicLong::get).sum();
  }

  @Override
  public Map<String, Long> sizeByTarget() {
    Map<String, Long> sizes = new TreeMap<>();
    pendingByTarget.forEach((target, count) -> {
      if (count.get() > 0) {
        sizes.put(target, count.get());
      }
    });
    return sizes;
  }

  /** The pending count of one target, for a gauge. */
  public long size(String target) {
    AtomicLong count = pendingByTarget.get(target);
    return count == null ? 0 : count.get();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      closeActive();
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close the failed-write log " + directory + ": " + e.getMessage(), e);
    }
  }
}
