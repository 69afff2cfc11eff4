package dev.activeactive.examples.drills;

import dev.activeactive.examples.http.ServiceClient;
import dev.activeactive.examples.history.NowPlaying;
import dev.activeactive.examples.region.RegionService;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Measures replication lag the way a user would notice it: a now-playing value is written through one region's
 * API, and the other region's cache is polled every 10 ms until it holds that value. Lag is the time from the
 * write's acknowledgement to the first poll that sees it. A few probes are in flight at a time, each on its own
 * probe user, so slow replication does not starve the sample.
 */
final class LagProbe {

  private static final int USERS = 8;

  private final ServiceClient writer;
  private final RegionService reader;
  private final String userPrefix;
  private final Duration every;
  private final Duration giveUpAfter;
  private final LatencyStats lags = new LatencyStats();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private int missing;
  private int writeErrors;
  private Thread thread;

  private LagProbe(ServiceClient writer, RegionService reader, String userPrefix, Duration every,
      Duration giveUpAfter) {
    this.writer = writer;
    this.reader = reader;
    this.userPrefix = userPrefix;
    this.every = every;
    this.giveUpAfter = giveUpAfter;
  }

  /**
   * Starts probing.
   *
   * @param writer the writing region's API
   * @param reader the region whose cache must receive the values
   * @param userPrefix prefix of the probe users (kept apart from the drill's own keys)
   * @param every how often a probe is written
   * @param giveUpAfter when a probe that has not arrived counts as missing
   */
  static LagProbe start(ServiceClient writer, RegionService reader, String userPrefix, Duration every,
      Duration giveUpAfter) {
    LagProbe probe = new LagProbe(writer, reader, userPrefix, every, giveUpAfter);
    probe.thread = new Thread(probe::loop, "lag-probe-" + reader.region());
    probe.thread.setDaemon(true);
    probe.thread.start();
    return probe;
  }

  private record InFlight(String title, long ackedAt) {}

  private void loop() {
    Map<String, InFlight> inFlight = new HashMap<>();
    long nextWrite = System.nanoTime();
    int turn = 0;
    // after stop(), keep polling what is in flight (up to giveUpAfter) so slow probes are measured, not dropped
    while (running.get() || !inFlight.isEmpty()) {
      long now = System.nanoTime();
      String user = userPrefix + "-lag" + (turn % USERS);
      if (running.get() && now >= nextWrite && !inFlight.containsKey(user)) {
        String title = "lag-" + Workload.uniqueNumber();
        try {
          writer.putNowPlaying(user, title);
          inFlight.put(user, new InFlight(title, System.nanoTime()));
        } catch (RuntimeException e) {
          writeErrors++;
        }
        turn++;
        nextWrite = now + every.toNanos();
      } else if (running.get() && now >= nextWrite) {
        turn++; // that probe user is still in flight: try the next one
      }
      inFlight.entrySet().removeIf(e -> arrivedOrExpired(e.getKey(), e.getValue()));
      Await.sleep(Duration.ofMillis(10));
    }
  }

  private boolean arrivedOrExpired(String user, InFlight probe) {
    Optional<NowPlaying> seen;
    try {
      seen = reader.nowPlaying().get(user);
    } catch (RuntimeException e) {
      seen = Optional.empty();
    }
    long now = System.nanoTime();
    if (seen.isPresent() && seen.get().title().equals(probe.title())) {
      lags.record(now - probe.ackedAt());
      return true;
    }
    if (now - probe.ackedAt() > giveUpAfter.toNanos()) {
      missing++;
      return true;
    }
    return false;
  }

  /** Stops writing probes, waits for those in flight to arrive or expire, and returns the figures. */
  Result stop() {
    running.set(false);
    try {
      thread.join(giveUpAfter.toMillis() + 5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new Result(lags.summary(), missing, writeErrors);
  }

  /**
   * What the probe measured.
   *
   * @param lag replication lag of the probes that arrived
   * @param missing probes that did not arrive in time
   * @param writeErrors probe writes that failed (not measured)
   */
  record Result(LatencyStats.Summary lag, int missing, int writeErrors) {}
}
