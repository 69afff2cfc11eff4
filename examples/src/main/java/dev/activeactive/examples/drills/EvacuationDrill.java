package dev.activeactive.examples.drills;

import dev.activeactive.examples.history.NowPlayingWrite;
import dev.activeactive.examples.http.ServiceClient;
import dev.activeactive.examples.region.RegionService;
import dev.activeactive.examples.sandbox.QueueAdmin;
import dev.activeactive.examples.sandbox.TwoRegions;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.SandboxFaults;
import dev.activeactive.sandbox.api.ZoneEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Region evacuation (Chaos Kong): traffic moves from region A to region B, then A's cache tier (every memcached
 * zone) and its relay stop, while B keeps taking writes, whose replication piles up in A's queue. Then A comes back
 * with empty memcached and a new relay, which drains the backlog. A's cache must then hold no stale key: every
 * history entry is either absent (it reloads) or the winning write, and every now-playing value written during
 * the evacuation, which exists nowhere but in the backlog, is back. Finally traffic returns to A and both regions
 * must stay free of stale keys.
 *
 * <p>A is the sandbox's first region ({@code us-east-1}), B the second.
 */
public final class EvacuationDrill {

  /**
   * The drill's knobs.
   *
   * @param users users (each has a now-playing value)
   * @param titlesPerUser history entries per user
   * @param before how long traffic runs in A before it moves
   * @param evacuation how long A stays down while B takes all the traffic
   * @param failBack how long traffic runs in A again once it serves
   * @param opsPerSecond traffic rate
   * @param threads concurrent requests
   * @param bound how long A may take to serve again, to drain, and to have no stale key, each
   */
  public record Options(int users, int titlesPerUser, Duration before, Duration evacuation, Duration failBack,
      double opsPerSecond, int threads, Duration bound) {

    /** 100 history entries and 25 users; 3 s before, 10 s evacuated, 5 s of fail-back at 30 requests/s. */
    public static Options defaults() {
      return new Options(25, 4, Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(5), 30, 4,
          Duration.ofSeconds(60));
    }
  }

  private EvacuationDrill() {}

  /** Runs the drill; A's servers and relay are back whatever happens. */
  public static EvacuationReport run(TwoRegions regions, Options options) {
    DrillKeys keys = DrillKeys.fresh("kong", options.users(), options.titlesPerUser());
    WriteLedger ledger = new WriteLedger();
    Duration seeded = Seeding.seed(regions, keys, ledger);
    RegionService a = regions.east();
    RegionService b = regions.west();
    ServiceClient clientA = new ServiceClient(a.baseUri());
    ServiceClient clientB = new ServiceClient(b.baseUri());
    Workload workload = new Workload(keys, ledger, Workload.Mix.standard());
    EvacuationReport.Builder report = new EvacuationReport.Builder(options,
        regions.sandbox().faults().wan().describe(), keys, seeded, a.region(), b.region());

    report.before(run(clientA, workload, options, options.before(), "a-before"));
    // traffic has left A (the traffic above has finished): now take A's cache tier and relay away
    Map<String, NowPlayingWrite> nowPlayingBefore = ledger.nowPlayingWinners();
    try {
      stopRegionTier(regions.sandbox(), a);
      report.evacuatedHealth(clientA.send("GET", "/health", null).status());
      report.evacuated(run(clientB, workload, options, options.evacuation(), "b-evacuated"));
      b.flushPublisher().orTimeout(30, TimeUnit.SECONDS).join();
      report.backlog(QueueAdmin.backlog(regions.sandbox(), a.region()));
    } finally {
      restartRegionTier(regions.sandbox(), a);
    }
    BacklogWatch drain = BacklogWatch.start(regions.sandbox(), a.region(), options.bound());
    // A takes traffic again once it says it is healthy and its cache client is reconnected
    report.ready(Await.until(() -> clientA.send("GET", "/health", null).status() == 200
        && clientA.send("GET", "/users/" + keys.user(0) + "/now-playing", null).status() != 503,
        options.bound(), Duration.ofMillis(200)));
    report.drained(drain.drained(options.bound()), a.relay().stats().map(s -> s.operationsApplied()).orElse(0L));

    // before traffic returns: what the backlog alone put into A's empty cache. Now-playing values that predate
    // the evacuation lived only in A's memcached, which restarted empty; everything written in B must be back.
    Predicate<String> goneWithRestart = user -> nowPlayingBefore.containsKey(user)
        && nowPlayingBefore.get(user).equals(ledger.nowPlayingWinners().get(user));
    countNowPlaying(a, ledger, goneWithRestart, report);
    report.staleAfterDrain(Staleness.inCache(a, ledger, goneWithRestart));

    report.failBack(run(clientA, workload, options, options.failBack(), "a-fail-back"));
    Optional<Duration> clean = Await.until(() -> Staleness.inCache(a, ledger, goneWithRestart).isEmpty()
        && Staleness.inCache(b, ledger, Staleness::nothingMayBeMissing).isEmpty(), options.bound(),
        Duration.ofMillis(200));
    List<String> stale = new ArrayList<>(Staleness.inCache(a, ledger, goneWithRestart));
    stale.addAll(Staleness.inCache(b, ledger, Staleness::nothingMayBeMissing));
    report.clean(clean, stale);

    List<String> lost = new ArrayList<>();
    long deadLetters = 0;
    long dropped = 0;
    long rejected = 0;
    for (RegionService region : regions.all()) {
      lost.addAll(Staleness.inServing(region, ledger, region == a ? goneWithRestart : Staleness::nothingMayBeMissing));
      lost.addAll(Staleness.inDatabase(region, ledger));
      deadLetters += QueueAdmin.deadLetters(regions.sandbox(), region.region());
      dropped += MeterSums.droppedPublishes(region.meters());
      rejected += region.relay().stats().map(s -> s.rejectedTotal()).orElse(0L);
    }
    return report.finish(lost, deadLetters, dropped, rejected, ledger.uncertainKeys());
  }

  private static Traffic.Result run(ServiceClient target, Workload workload, Options options, Duration length,
      String name) {
    Traffic traffic = Traffic.start(name, () -> target, workload, options.threads(), options.opsPerSecond());
    Await.sleep(length);
    return traffic.stop();
  }

  private static void stopRegionTier(RegionSandbox sandbox, RegionService region) {
    SandboxFaults faults = sandbox.faults();
    region.relay().stop();
    for (ZoneEndpoint zone : sandbox.region(region.region()).zones()) {
      faults.stopMemcached(region.region(), zone.name());
    }
  }

  private static void restartRegionTier(RegionSandbox sandbox, RegionService region) {
    SandboxFaults faults = sandbox.faults();
    for (ZoneEndpoint zone : sandbox.region(region.region()).zones()) {
      faults.startMemcached(region.region(), zone.name());
    }
    region.relay().start();
  }

  private static void countNowPlaying(RegionService a, WriteLedger ledger, Predicate<String> goneWithRestart,
      EvacuationReport.Builder report) {
    int restored = 0;
    int expected = 0;
    int gone = 0;
    for (Map.Entry<String, NowPlayingWrite> winner : ledger.nowPlayingWinners().entrySet()) {
      boolean present = a.nowPlaying().get(winner.getKey()).isPresent();
      if (goneWithRestart.test(winner.getKey())) {
        gone += present ? 0 : 1;
      } else if (winner.getValue().value().writtenIn().equals(report.regionB())) {
        expected++;
        restored += present ? 1 : 0;
      }
    }
    report.nowPlaying(restored, expected, gone);
  }
}
