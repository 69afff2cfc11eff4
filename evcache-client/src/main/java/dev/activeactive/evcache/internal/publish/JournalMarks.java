package dev.activeactive.evcache.internal.publish;

import dev.activeactive.evcache.internal.pack.MessagePacker;
import dev.activeactive.evcache.internal.spool.WriteAheadJournal;
import dev.activeactive.protocol.api.wire.Operation;
import java.io.IOException;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A region publisher's side of its {@link WriteAheadJournal}: journal ordinals ("marks") handed out to writers in
 * order, and the watermark moved up behind what is delivered or spooled. Writers call {@link #append}; the
 * publisher thread calls the rest.
 */
final class JournalMarks {

  private static final Logger log = LoggerFactory.getLogger(JournalMarks.class);

  private final String region;
  private final WriteAheadJournal journal;
  private long lastMark = -1; // guarded by journal: the mark handed out last
  private long failures; // guarded by journal: appends that failed in a row
  private long acceptedMark; // publisher thread: the mark of the newest operation it took in

  JournalMarks(String region, WriteAheadJournal journal) {
    this.region = region;
    this.journal = journal;
    this.lastMark = journal.watermark();
    this.acceptedMark = journal.watermark();
  }

  /** What the previous process journaled and had not delivered, oldest first. */
  Iterable<WriteAheadJournal.Recovered> recovered() {
    return journal.recovered();
  }

  /** A recovered operation was handed to the publisher thread. */
  void recoveredUpTo(long ordinal) {
    synchronized (journal) {
      lastMark = Math.max(lastMark, ordinal);
    }
  }

  /**
   * Appends {@code op} and hands its mark to {@code handOver} under the journal's monitor, so that the publisher
   * thread sees operations in mark order (which the watermark relies on). An operation the journal refuses (full,
   * disk error) still goes out from memory, under the previous mark (which holds the watermark below it); only a
   * crash before it is sent loses it, and the log says so.
   */
  void append(Operation op, LongConsumer handOver) {
    synchronized (journal) {
      long mark;
      try {
        mark = journal.append(op);
        failures = 0;
      } catch (IOException | RuntimeException e) {
        if (failures++ % 10_000 == 0) {
          log.error("cannot journal an operation for region {} ({}); it is published from memory only, so a"
              + " crash before it is sent loses it ({} such operations in a row)", region, e, failures);
        }
        mark = lastMark;
      }
      lastMark = mark;
      handOver.accept(mark);
    }
  }

  /** The publisher thread took in an operation with this mark. */
  void accepted(long mark) {
    if (mark != MessagePacker.NO_MARK) {
      acceptedMark = mark;
    }
  }

  /**
   * Moves the watermark to just below {@code lowestHeld}, the lowest mark still in memory (everything before it is
   * delivered or spooled), or to the last accepted mark when nothing is held ({@link MessagePacker#NO_MARK}).
   */
  void advance(long lowestHeld) {
    long watermark = lowestHeld == MessagePacker.NO_MARK ? acceptedMark : lowestHeld - 1;
    try {
      journal.advance(watermark);
    } catch (IOException e) {
      log.warn("cannot record region {}'s journal watermark ({}); a restart may publish some operations twice",
          region, e.toString());
    }
  }

  void close() {
    try {
      journal.close();
    } catch (IOException e) {
      log.error("cannot close region {}'s journal; a restart may publish some operations twice", region, e);
    }
  }
}
