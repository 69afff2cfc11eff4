package dev.activeactive.evcache.internal.spool;

import dev.activeactive.appendlog.api.AppendLog;
import dev.activeactive.appendlog.api.AppendLogFullException;
import dev.activeactive.appendlog.api.LogRecord;
import dev.activeactive.appendlog.api.SegmentContent;
import dev.activeactive.protocol.api.wire.MalformedMessageException;
import dev.activeactive.protocol.api.wire.Message;
import dev.activeactive.protocol.api.wire.MessageCodec;
import dev.activeactive.protocol.api.wire.Operation;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-ahead journal of one region's publisher: every operation is appended here, with an ordinal, before
 * the write that produced it completes, so an operation that lives only in the publisher's memory buffer survives
 * the process being killed (kill -9, OOM, container stop); with {@code syncEveryAppend} it survives a power loss.
 *
 * <p>The publisher {@link #advance advances} a watermark once every operation up to an ordinal is delivered or in
 * the {@link DiskSpool} (which has its own acknowledgements). The watermark is kept in {@code journal.ack}
 * (ordinal and CRC32C, replaced by rename at most every {@link #ACK_INTERVAL_NANOS}, and on close); segments whose
 * every record is at or below it are deleted. On open, the records above the watermark are {@link #recovered()}:
 * what the previous process had not delivered. A lagging or lost ack file only means more of them (delivered twice,
 * which the relay's conditional apply makes harmless), never fewer.
 *
 * <p>Each record is a one-operation unsigned frame of the wire format ({@link MessageCodec#encodeFrame}) whose
 * sequence is the ordinal. Storage is an {@link AppendLog} (prefix {@code journal}). Thread-safe.
 */
public final class WriteAheadJournal implements Closeable {

  /** How often at most the ack file is rewritten while the watermark moves. */
  static final long ACK_INTERVAL_NANOS = 20_000_000L;

  private static final Logger log = LoggerFactory.getLogger(WriteAheadJournal.class);
  private static final String PREFIX = "journal";
  private static final String ACK_FILE = "journal.ack";

  private final Path dir;
  private final AppendLog appendLog;
  private final MessageCodec codec = new MessageCodec(MessageCodec.SQS_MAX_BODY_BYTES, null);
  private final String originRegion;
  /** Segment number to the highest ordinal in it. */
  private final TreeMap<Long, Long> lastOrdinals = new TreeMap<>();
  private final List<Recovered> recovered = new ArrayList<>();
  private long nextOrdinal;
  private long watermark;
  private long persistedWatermark;
  private long lastAckWriteNanos = System.nanoTime();
  private long damagedBytes;
  private boolean closed;

  /** An operation the previous process journaled and had not delivered. */
  public record Recovered(long ordinal, Operation operation) {}

  private WriteAheadJournal(Path dir, AppendLog appendLog, String originRegion) {
    this.dir = dir;
    this.appendLog = appendLog;
    this.originRegion = originRegion;
  }

  /**
   * Opens (or creates) the journal in {@code dir} and reads what a previous process left undelivered.
   *
   * @param originRegion this client's region (written into each record's frame)
   * @throws IOException if the directory cannot be used or another journal holds it
   */
  public static WriteAheadJournal open(Path dir, String originRegion, long maxBytes, long segmentBytes,
      boolean syncEveryAppend) throws IOException {
    Objects.requireNonNull(originRegion, "originRegion");
    AppendLog appendLog = LogDirectory.open(dir, PREFIX, segmentBytes, maxBytes, syncEveryAppend, "journal");
    WriteAheadJournal journal = new WriteAheadJournal(dir, appendLog, originRegion);
    LogDirectory.recoverOrClose(appendLog, journal::recover);
    return journal;
  }

  private void recover() throws IOException {
    watermark = readAckFile();
    persistedWatermark = watermark;
    long highest = watermark;
    for (long segment : appendLog.seal()) {
      SegmentContent content = appendLog.read(segment);
      if (content.damagedBytes() > 0) {
        damagedBytes += content.damagedBytes();
        log.error("journal segment {} holds {} damaged bytes (a write torn by a power loss, or disk damage); the"
            + " operations in them cannot be replayed, the intact ones before and after them are", segment,
            content.damagedBytes());
      }
      long last = -1;
      for (LogRecord record : content.records()) {
        Message message;
        try {
          message = codec.decodeFrame(record.bytes());
        } catch (MalformedMessageException e) {
          damagedBytes += record.payload().remaining();
          log.error("journal segment {} holds a record that is not an operation ({}); skipping it", segment,
              e.getMessage());
          continue;
        }
        long ordinal = message.sequence();
        last = Math.max(last, ordinal);
        highest = Math.max(highest, ordinal);
        if (ordinal > watermark) {
          recovered.add(new Recovered(ordinal, message.operations().get(0)));
        }
      }
      if (last <= watermark) {
        appendLog.delete(segment);
      } else {
        lastOrdinals.put(segment, last);
      }
    }
    recovered.sort((a, b) -> Long.compare(a.ordinal, b.ordinal));
    nextOrdinal = highest + 1;
    if (!recovered.isEmpty()) {
      log.info("journal {} holds {} operations a previous process had not delivered; publishing them first", dir,
          recovered.size());
    }
  }

  /** The operations a previous process journaled and had not delivered, oldest first (empty after a clean stop). */
  public List<Recovered> recovered() {
    return List.copyOf(recovered);
  }

  /**
   * Appends {@code op} and returns its ordinal (strictly increasing). Callers that need their own events in
   * ordinal order append and hand over while holding this journal's monitor.
   *
   * @throws SpoolFullException if the journal is at its byte limit (nothing was written)
   * @throws IOException if the disk refused the record (nothing acknowledged)
   */
  public synchronized long append(Operation op) throws IOException {
    if (closed) {
      throw new IllegalStateException("journal is closed");
    }
    long ordinal = nextOrdinal;
    byte[] frame = codec.encodeFrame(Message.of(originRegion, 0, 0, ordinal, List.of(op)));
    long segment;
    try {
      segment = appendLog.append(ByteBuffer.wrap(frame)).segment();
    } catch (AppendLogFullException e) {
      throw new SpoolFullException("journal is full: " + e.getMessage());
    }
    nextOrdinal++;
    lastOrdinals.put(segment, ordinal);
    return ordinal;
  }

  /**
   * Records that every operation up to {@code ordinal} is delivered or spooled: they are not replayed after a
   * restart (once the ack file is written, at most {@link #ACK_INTERVAL_NANOS} later) and their segments go.
   */
  public synchronized void advance(long ordinal) throws IOException {
    if (closed || ordinal <= watermark) {
      return;
    }
    watermark = ordinal;
    if (System.nanoTime() - lastAckWriteNanos >= ACK_INTERVAL_NANOS) {
      persist(false);
    }
  }

  /**
   * Writes the watermark and deletes the segments wholly at or below it; the active segment too when
   * {@code sealed} (nothing is appended to it any more).
   */
  private void persist(boolean sealed) throws IOException {
    if (persistedWatermark != watermark) {
      writeAckFile(watermark);
      persistedWatermark = watermark;
      lastAckWriteNanos = System.nanoTime();
    }
    List<Long> active = appendLog.segments();
    long activeSegment = sealed || active.isEmpty() ? -1 : active.get(active.size() - 1);
    while (!lastOrdinals.isEmpty() && lastOrdinals.firstEntry().getValue() <= persistedWatermark
        && lastOrdinals.firstKey() != activeSegment) {
      appendLog.delete(lastOrdinals.pollFirstEntry().getKey());
    }
  }


  /** The highest ordinal known delivered or spooled. */
  public synchronized long watermark() {
    return watermark;
  }

  /** Bytes the journal's segment files take. */
  public synchronized long sizeBytes() {
    return appendLog.sizeBytes();
  }

  /** Bytes found damaged at open and skipped. */
  public synchronized long damagedBytes() {
    return damagedBytes;
  }

  /** For tests: segment number to its highest ordinal. */
  synchronized Map<Long, Long> segments() {
    return Map.copyOf(lastOrdinals);
  }

  /** Writes the watermark and, when everything journaled is below it, deletes every segment. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      boolean everythingDelivered = watermark >= nextOrdinal - 1;
      if (everythingDelivered) {
        appendLog.seal();
      }
      persist(everythingDelivered);
    } finally {
      appendLog.close();
    }
  }

  private long readAckFile() throws IOException {
    Path path = dir.resolve(ACK_FILE);
    ByteBuffer ack = LogDirectory.readAck(path, 8);
    if (ack == null) {
      return -1;
    }
    if (ack != LogDirectory.DAMAGED) {
      long ordinal = ack.getLong();
      if (ordinal >= -1) {
        return ordinal;
      }
    }
    log.warn("journal ack file {} is damaged; replaying every journaled operation (some may be delivered twice)",
        path);
    return -1;
  }

  private void writeAckFile(long ordinal) throws IOException {
    // not forced: losing the newest watermark to a power loss only means publishing some operations twice
    LogDirectory.writeAck(dir.resolve(ACK_FILE), ByteBuffer.allocate(8).putLong(ordinal).array(), false);
  }
}
