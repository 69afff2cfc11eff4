package dev.activeactive.dualwrite.internal.log;

import dev.activeactive.appendlog.api.AppendLog;
import dev.activeactive.appendlog.api.AppendLogOptions;
import dev.activeactive.appendlog.api.LogRecord;
import dev.activeactive.dualwrite.api.FailedWriteLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failed-write log: an {@link AppendLog} of {@link FailedWriteCodec encoded} writes, plus the count of
 * pending writes per target. The append log's rules make it durable: an append returns once forced to disk, a
 * failed append leaves no torn bytes in front of later records, and damage is skipped rather than followed.
 * A replay first {@linkplain #seal() seals} the active segment, so appends and replays never touch the same
 * file, then works through sealed segments oldest first. Thread-safe.
 */
public final class SegmentedFailedWriteLog implements FailedWriteLog, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SegmentedFailedWriteLog.class);
  static final String PREFIX = "failed-writes";

  private final Path directory;
  private final AppendLog appendLog;
  private final Map<String, AtomicLong> pendingByTarget = new ConcurrentHashMap<>();

  private SegmentedFailedWriteLog(Path directory, AppendLog appendLog) {
    this.directory = directory;
    this.appendLog = appendLog;
  }

  /** Opens (creating if needed) the log in {@code directory} and counts what it holds. */
  public static SegmentedFailedWriteLog open(Path directory) {
    return open(directory, AppendLogOptions.DEFAULT_SEGMENT_BYTES);
  }

  static SegmentedFailedWriteLog open(Path directory, long segmentBytes) {
    AppendLog appendLog;
    try {
      appendLog = AppendLog.open(AppendLogOptions.builder(directory).filePrefix(PREFIX)
          .segmentBytes(segmentBytes).build());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the failed-write log in " + directory + ": " + e.getMessage(), e);
    }
    SegmentedFailedWriteLog opened = new SegmentedFailedWriteLog(directory, appendLog);
    try {
      LegacySegments.importInto(directory, opened);
      opened.count();
    } catch (IOException | RuntimeException e) {
      opened.close();
      if (e instanceof IOException io) {
        throw new UncheckedIOException("Cannot read the failed-write log in " + directory + ": " + e.getMessage(),
            io);
      }
      throw (RuntimeException) e;
    }
    return opened;
  }

  private void count() throws IOException {
    for (long segment : appendLog.segments()) {
      for (FailedWrite write : decode(segment)) {
        counter(write.target()).incrementAndGet();
      }
    }
    if (size() > 0) {
      log.info("Failed-write log {} holds {} writes to replay: {}", directory, size(), sizeByTarget());
    }
  }

  /** Appends a record and forces it to disk before returning. */
  public void append(FailedWrite write) {
    try {
      appendUncounted(write);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot append to the failed-write log " + directory + " (disk full or "
          + "not writable?): " + e.getMessage(), e);
    }
    counter(write.target()).incrementAndGet();
  }

  /** For the import of old segments, which runs before the log is counted. */
  void appendUncounted(FailedWrite write) throws IOException {
    appendLog.append(ByteBuffer.wrap(FailedWriteCodec.payload(write)));
  }

  /**
   * Closes the active segment so that later appends go to a new one, and returns every segment, oldest first.
   * Everything returned is immutable until {@link #replaceSegment} changes it.
   */
  public List<Long> seal() {
    try {
      return appendLog.seal();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot seal the failed-write log " + directory + ": " + e.getMessage(), e);
    }
  }

  /** The records of a sealed segment, in the order they were appended. */
  public List<FailedWrite> read(long segment) {
    try {
      return decode(segment);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read segment " + segment + " of the failed-write log " + directory
          + ": " + e.getMessage(), e);
    }
  }

  private List<FailedWrite> decode(long segment) throws IOException {
    List<FailedWrite> records = new ArrayList<>();
    for (LogRecord record : appendLog.read(segment).records()) {
      records.add(FailedWriteCodec.fromPayload(record.bytes()));
    }
    return records;
  }

  /**
   * Records that {@code applied} records of a sealed segment were applied: the segment then holds only
   * {@code remaining}, or is deleted when nothing remains.
   */
  public void replaceSegment(long segment, List<FailedWrite> applied, List<FailedWrite> remaining) {
    try {
      List<ByteBuffer> kept = new ArrayList<>(remaining.size());
      remaining.forEach(w -> kept.add(ByteBuffer.wrap(FailedWriteCodec.payload(w))));
      appendLog.rewrite(segment, kept);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot update segment " + segment + " of the failed-write log " + directory
          + "; its applied writes may be replayed again, which is harmless: " + e.getMessage(), e);
    }
    applied.forEach(w -> counter(w.target()).decrementAndGet());
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
  public void close() {
    try {
      appendLog.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close the failed-write log " + directory + ": " + e.getMessage(), e);
    }
  }
}
