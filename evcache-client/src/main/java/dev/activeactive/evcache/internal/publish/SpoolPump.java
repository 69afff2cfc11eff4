package dev.activeactive.evcache.internal.publish;

import dev.activeactive.evcache.internal.pack.PackedMessage;
import dev.activeactive.evcache.internal.spool.DiskSpool;
import dev.activeactive.evcache.internal.spool.SpoolFullException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A region publisher's disk side: appending messages to its {@link DiskSpool} and replaying them through a
 * {@link SpoolReplay}, with the spool's I/O errors turned into what the publisher does next. Confined to the
 * publisher thread.
 */
final class SpoolPump {

  private static final Logger log = LoggerFactory.getLogger(SpoolPump.class);

  private final String region;
  private final DiskSpool spool;
  private final SpoolReplay replay;
  private final PublisherListener listener;
  private final Consumer<PackedMessage> release;

  SpoolPump(String region, DiskSpool spool, SpoolReplay replay, PublisherListener listener,
      Consumer<PackedMessage> release) {
    this.region = region;
    this.spool = spool;
    this.replay = replay;
    this.listener = listener;
    this.release = release;
  }

  /**
   * Moves {@code ready} messages to the spool, in order. A full spool or a disk error leaves the rest in memory:
   * the buffer then fills and writers meet the overflow policy.
   */
  void spool(ArrayDeque<PackedMessage> ready) {
    while (!ready.isEmpty()) {
      PackedMessage m = ready.peekFirst();
      try {
        spool.append(m.body().getBytes(StandardCharsets.US_ASCII));
      } catch (SpoolFullException e) {
        return;
      } catch (IOException e) {
        log.error("cannot write region {}'s spool; keeping messages in memory", region, e);
        return;
      }
      ready.pollFirst();
      release.accept(m);
      listener.spooled(region, m.operationCount());
    }
  }

  /**
   * Sends replay requests until {@code slots} are in flight.
   *
   * @return false if the spool could not be read (rewound: the publisher backs off and tries again)
   */
  boolean pump(int slots) {
    try {
      replay.pump(slots);
      return true;
    } catch (IOException e) {
      log.error("cannot read region {}'s spool", region, e);
      replay.rewind();
      return false;
    }
  }

  /** Handles a replay request's answer. */
  SpoolReplay.Result onDone(SpoolReplay.Done done) {
    try {
      return replay.onDone(done);
    } catch (IOException e) {
      log.error("cannot acknowledge region {}'s spool; its records may be sent again", region, e);
      return SpoolReplay.Result.STALE;
    }
  }

  /** Whether every spooled record has been sent: nothing waits to be replayed. */
  boolean caughtUp() {
    return replay.caughtUp();
  }

  /** Whether nothing is in the spool, sent or not. */
  boolean drained() {
    return replay.drained();
  }

  int inFlight() {
    return replay.inFlight();
  }

  long sizeBytes() {
    return spool.sizeBytes();
  }

  void close() {
    try {
      spool.close();
    } catch (IOException e) {
      log.error("cannot close region {}'s spool", region, e);
    }
  }
}
