package dev.activeactive.examples.drills;

import dev.activeactive.examples.http.ServiceClient;
import dev.activeactive.examples.region.RegionService;
import dev.activeactive.examples.sandbox.QueueAdmin;
import dev.activeactive.examples.sandbox.TwoRegions;
import dev.activeactive.sandbox.api.SandboxFaults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Latency and errors (Latency Monkey): traffic runs in region A for a while with nothing wrong, then again with
 * A's queue path to B slowed by a fixed latency and, in the middle, cut for a few seconds, and with the memcached
 * of A's local zone stopped. Writes must stay fast, because neither the queue path nor a single zone is on their
 * path; the report says what degraded and by how much: local latency, replication lag to B, zone fallbacks, failed
 * publish requests. Once the faults are removed, both regions must converge with nothing lost.
 *
 * <p>A is the sandbox's first region ({@code us-east-1}), B the second.
 */
public final class LatencyDrill {

  /**
   * The drill's knobs.
   *
   * @param users users of the traffic (each has a now-playing value)
   * @param titlesPerUser history entries per user
   * @param phase how long each phase (before, during) runs
   * @param queueLatency the one-way delay of A's queue path to B during the drill (in place of the WAN profile's)
   * @param cut how long the queue path is cut in the middle of the faulty phase
   * @param opsPerSecond traffic rate in A
   * @param threads concurrent requests
   * @param bound how soon after the faults are removed every key must be fresh in both regions
   */
  public record Options(int users, int titlesPerUser, Duration phase, Duration queueLatency, Duration cut,
      double opsPerSecond, int threads, Duration bound) {

    /** 80 history entries and 20 users; 10 s phases at 30 requests/s; +1 s on the queue path, cut for 3 s. */
    public static Options defaults() {
      return new Options(20, 4, Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(3), 30, 4,
          Duration.ofSeconds(30));
    }
  }

  private LatencyDrill() {}

  /** Runs the drill; the faults are removed whatever happens. */
  public static LatencyReport run(TwoRegions regions, Options options) {
    DrillKeys keys = DrillKeys.fresh("latency", options.users(), options.titlesPerUser());
    WriteLedger ledger = new WriteLedger();
    Duration seeded = Seeding.seed(regions, keys, ledger);
    RegionService a = regions.east();
    RegionService b = regions.west();
    String zone = a.settings().localZone();
    ServiceClient clientA = new ServiceClient(a.baseUri());
    Workload workload = new Workload(keys, ledger, Workload.Mix.standard());
    SandboxFaults faults = regions.sandbox().faults();
    String wan = faults.wan().describe();

    LatencyReport.Phase before = phase(clientA, a, b, workload, keys, options, () -> { });
    LatencyReport.Phase during;
    faults.setQueuePathLatency(a.region(), b.region(), options.queueLatency());
    faults.stopMemcached(a.region(), zone);
    try {
      during = phase(clientA, a, b, workload, keys, options, () -> cutInTheMiddle(faults, a, b, options));
    } finally {
      faults.heal(a.region(), b.region());
      faults.setWan(faults.wan()); // the path back to the sandbox's WAN profile
      faults.startMemcached(a.region(), zone);
    }
    Optional<Duration> converged = Await.until(
        () -> Staleness.inCache(a, ledger, Staleness::nothingMayBeMissing).isEmpty()
            && Staleness.inCache(b, ledger, Staleness::nothingMayBeMissing).isEmpty(),
        options.bound(), Duration.ofMillis(200));

    List<String> stale = new ArrayList<>();
    List<String> lost = new ArrayList<>();
    long troubles = 0;
    for (RegionService region : regions.all()) {
      stale.addAll(Staleness.inCache(region, ledger, Staleness::nothingMayBeMissing));
      lost.addAll(Staleness.inServing(region, ledger, Staleness::nothingMayBeMissing));
      lost.addAll(Staleness.inDatabase(region, ledger));
      troubles += QueueAdmin.deadLetters(regions.sandbox(), region.region())
          + MeterSums.droppedPublishes(region.meters())
          + region.relay().stats().map(s -> s.rejectedTotal()).orElse(0L);
    }
    return new LatencyReport(options, wan, keys, seeded, a.region(), b.region(), zone, before, during, converged, stale,
        lost, troubles, ledger.uncertainKeys());
  }

  /** The phase's own timing: the cut starts a third of the way in and lasts {@code options.cut()}. */
  private static void cutInTheMiddle(SandboxFaults faults, RegionService a, RegionService b, Options options) {
    Await.sleep(options.phase().dividedBy(3));
    faults.partition(a.region(), b.region());
    Await.sleep(options.cut());
    faults.heal(a.region(), b.region()); // the path keeps its latency for the rest of the phase
  }

  private static LatencyReport.Phase phase(ServiceClient clientA, RegionService a, RegionService b,
      Workload workload, DrillKeys keys, Options options, Runnable faultSchedule) {
    long fallbacks = MeterSums.zoneFallbacks(a.meters());
    long zoneErrors = MeterSums.zoneErrors(a.meters());
    long failedPublishes = MeterSums.failedPublishRequests(a.meters());
    long start = System.nanoTime();
    Traffic traffic = Traffic.start("latency", () -> clientA, workload, options.threads(), options.opsPerSecond());
    LagProbe probe = LagProbe.start(clientA, b, keys.prefix(), Duration.ofMillis(250), Duration.ofSeconds(30));
    faultSchedule.run();
    Await.sleep(options.phase().minusNanos(System.nanoTime() - start));
    Traffic.Result result = traffic.stop();
    LagProbe.Result lag = probe.stop();
    return new LatencyReport.Phase(result, lag, MeterSums.zoneFallbacks(a.meters()) - fallbacks,
        MeterSums.zoneErrors(a.meters()) - zoneErrors, MeterSums.failedPublishRequests(a.meters()) - failedPublishes);
  }
}
