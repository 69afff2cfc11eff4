package dev.activeactive.examples.drills;

import dev.activeactive.examples.http.ServiceClient;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a drill's traffic does: picks operations by weight over the run's keys, sends them to a region's API, and
 * records every acknowledged write in the ledger. Every write carries a value no other write has (a global
 * sequence number), so a value read back identifies the write that produced it.
 */
final class Workload {

  private static final AtomicLong SEQUENCE = new AtomicLong();

  private final DrillKeys keys;
  private final WriteLedger ledger;
  private final Mix mix;

  /**
   * Relative weights of the operations.
   *
   * @param historyPut history writes
   * @param nowPlayingPut now-playing writes
   * @param historyGet history reads
   * @param nowPlayingGet now-playing reads
   */
  record Mix(int historyPut, int nowPlayingPut, int historyGet, int nowPlayingGet) {

    /** The mix the drills use unless they say otherwise: mostly writes, since writes are what must replicate. */
    static Mix standard() {
      return new Mix(40, 25, 25, 10);
    }

    Op pick(Random random) {
      int total = historyPut + nowPlayingPut + historyGet + nowPlayingGet;
      int r = random.nextInt(total);
      if ((r -= historyPut) < 0) {
        return Op.HISTORY_PUT;
      }
      if ((r -= nowPlayingPut) < 0) {
        return Op.NOW_PLAYING_PUT;
      }
      return r < historyGet ? Op.HISTORY_GET : Op.NOW_PLAYING_GET;
    }
  }

  Workload(DrillKeys keys, WriteLedger ledger, Mix mix) {
    this.keys = keys;
    this.ledger = ledger;
    this.mix = mix;
  }

  /** The next operation to send. */
  Op next(Random random) {
    return mix.pick(random);
  }

  /**
   * Sends one operation. A write that fails (or times out) leaves its key uncertain in the ledger, since the
   * service may have written it anyway.
   *
   * @throws RuntimeException whatever the request failed with
   */
  void run(Op op, ServiceClient client, Random random) {
    switch (op) {
      case HISTORY_PUT -> {
        WriteLedger.HistoryKey key = keys.randomHistoryKey(random);
        try {
          ledger.history(client.putHistory(key.user(), key.title(), SEQUENCE.incrementAndGet()));
        } catch (RuntimeException e) {
          ledger.uncertainHistory(key);
          throw e;
        }
      }
      case NOW_PLAYING_PUT -> {
        String user = keys.randomUser(random);
        try {
          ledger.nowPlaying(client.putNowPlaying(user, "title-" + SEQUENCE.incrementAndGet()));
        } catch (RuntimeException e) {
          ledger.uncertainNowPlaying(user);
          throw e;
        }
      }
      case HISTORY_GET -> {
        WriteLedger.HistoryKey key = keys.randomHistoryKey(random);
        client.getHistory(key.user(), key.title());
      }
      case NOW_PLAYING_GET -> client.getNowPlaying(keys.randomUser(random));
    }
  }

  /** A fresh, unique value for a write outside the traffic (seeding, probes). */
  static long uniqueNumber() {
    return SEQUENCE.incrementAndGet();
  }
}
