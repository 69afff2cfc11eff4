package dev.activeactive.examples.drills;

import dev.activeactive.examples.http.ServiceClient;
import dev.activeactive.examples.region.RegionService;
import dev.activeactive.examples.sandbox.QueueAdmin;
import dev.activeactive.examples.sandbox.TwoRegions;
import dev.activeactive.sandbox.api.PartitionMode;
import dev.activeactive.sandbox.api.SandboxFaults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Split-brain: the paths between the two regions are cut both ways while both regions take writes (often to the
 * same keys). Each region must keep serving from its own tier, the other region going stale meanwhile; once the
 * paths heal, what was held back is delivered (the publishers' queued invalidations, Cassandra's hints), and within
 * a stated bound no key may be stale in either region and no acknowledged write may be lost.
 *
 * <p>{@link Split} chooses what is cut: the cache's replication (the queue paths, as in Netflix's exercise where the
 * data tiers stay connected but the services are isolated), Cassandra's replication between the datacenters, or
 * both (a whole region cut off).
 */
public final class SplitBrainDrill {

  /** Which of the regions' replication links the drill cuts. */
  public enum Split {
    /** The queue paths both ways: cache invalidations and replications stop, Cassandra keeps replicating. */
    QUEUES,
    /** The paths between the Cassandra datacenters: writes become hints, the cache's replication keeps flowing. */
    DATACENTERS,
    /** Both: the regions share nothing for the length of the partition. */
    BOTH;

    boolean cutsQueues() {
      return this != DATACENTERS;
    }

    boolean cutsDatacenters() {
      return this != QUEUES;
    }
  }

  /**
   * The drill's knobs.
   *
   * @param users users (each has a now-playing value)
   * @param titlesPerUser history entries per user
   * @param partition how long the paths stay cut while traffic runs
   * @param opsPerSecondPerRegion traffic rate in each region
   * @param threadsPerRegion concurrent requests in each region
   * @param convergenceBound how soon after the heal every key must be fresh everywhere
   * @param split which links are cut
   * @param mode how the cut links fail: connections reset, or a silent blackhole
   */
  public record Options(int users, int titlesPerUser, Duration partition, double opsPerSecondPerRegion,
      int threadsPerRegion, Duration convergenceBound, Split split, PartitionMode mode) {

    /** As before the split and mode existed: the queue paths, reset. */
    public Options(int users, int titlesPerUser, Duration partition, double opsPerSecondPerRegion,
        int threadsPerRegion, Duration convergenceBound) {
      this(users, titlesPerUser, partition, opsPerSecondPerRegion, threadsPerRegion, convergenceBound, Split.QUEUES,
          PartitionMode.RESET);
    }

    /**
     * 100 history entries and 25 users, 10 s of partition of the queue paths (reset) at 30 operations/s per
     * region, a 30 s bound.
     */
    public static Options defaults() {
      return new Options(25, 4, Duration.ofSeconds(10), 30, 4, Duration.ofSeconds(30));
    }

    /** The same drill with another split and mode. */
    public Options cutting(Split split, PartitionMode mode) {
      return new Options(users, titlesPerUser, partition, opsPerSecondPerRegion, threadsPerRegion,
          convergenceBound, split, mode);
    }
  }

  private SplitBrainDrill() {}

  /** Runs the drill on both regions of {@code regions}; faults are healed whatever happens. */
  public static SplitBrainReport run(TwoRegions regions, Options options) {
    DrillKeys keys = DrillKeys.fresh("split", options.users(), options.titlesPerUser());
    WriteLedger ledger = new WriteLedger();
    Duration seeded = Seeding.seed(regions, keys, ledger);

    RegionService east = regions.east();
    RegionService west = regions.west();
    SandboxFaults faults = regions.sandbox().faults();
    Map<String, Long> failedPublishesBefore = failedPublishes(regions);
    Map<String, Traffic.Result> traffic = new LinkedHashMap<>();
    Map<String, Boolean> ownWritesServed = new LinkedHashMap<>();
    Map<String, List<String>> staleBeforeHeal = new LinkedHashMap<>();
    Map<String, Long> failedPublishes = new LinkedHashMap<>();
    String wan = faults.wan().describe();
    cut(faults, options, east, west);
    long cutAt = System.nanoTime();
    Optional<Duration> converged;
    try {
      Workload workload = new Workload(keys, ledger, Workload.Mix.standard());
      ServiceClient eastClient = new ServiceClient(east.baseUri());
      ServiceClient westClient = new ServiceClient(west.baseUri());
      Traffic eastTraffic = Traffic.start("east", () -> eastClient, workload, options.threadsPerRegion(),
          options.opsPerSecondPerRegion());
      Traffic westTraffic = Traffic.start("west", () -> westClient, workload, options.threadsPerRegion(),
          options.opsPerSecondPerRegion());
      // the partition's length is the drill's input, not a wait for something to happen
      Await.sleep(options.partition());
      traffic.put(east.region(), eastTraffic.stop());
      traffic.put(west.region(), westTraffic.stop());
      for (RegionService region : regions.all()) {
        WriteLedger own = ledger.winnersWrittenIn(region.region());
        ownWritesServed.put(region.region(), Await.until(
            () -> Staleness.inServing(region, own, Staleness::nothingMayBeMissing).isEmpty(),
            Duration.ofSeconds(10), Duration.ofMillis(200)).isPresent());
        staleBeforeHeal.put(region.region(), Staleness.inCache(region, ledger, Staleness::nothingMayBeMissing));
      }
      failedPublishesBefore.forEach((region, before) ->
          failedPublishes.put(region, failedPublishes(regions).get(region) - before));
    } finally {
      heal(faults, options, east, west);
    }
    Duration cut = Duration.ofNanos(System.nanoTime() - cutAt);
    // converged: both caches fresh and, where Cassandra was cut, both datacenters holding every winner
    converged = Await.until(() -> Staleness.inCache(east, ledger, Staleness::nothingMayBeMissing).isEmpty()
        && Staleness.inCache(west, ledger, Staleness::nothingMayBeMissing).isEmpty()
        && (!options.split().cutsDatacenters()
            || Staleness.inDatabase(east, ledger).isEmpty() && Staleness.inDatabase(west, ledger).isEmpty()),
        options.convergenceBound(), Duration.ofMillis(200));

    List<String> staleAfter = new ArrayList<>();
    List<String> lost = new ArrayList<>();
    long deadLetters = 0;
    long dropped = 0;
    long rejected = 0;
    for (RegionService region : regions.all()) {
      staleAfter.addAll(Staleness.inCache(region, ledger, Staleness::nothingMayBeMissing));
      lost.addAll(Staleness.inServing(region, ledger, Staleness::nothingMayBeMissing));
      lost.addAll(Staleness.inDatabase(region, ledger));
      deadLetters += QueueAdmin.deadLetters(regions.sandbox(), region.region());
      dropped += MeterSums.droppedPublishes(region.meters());
      rejected += region.relay().stats().map(s -> s.rejectedTotal()).orElse(0L);
    }
    List<String> diagnosis = ZoneContents.describe(regions, ledger, mentioned(ledger, staleAfter, lost));
    Map<String, String> zoneErrors = new LinkedHashMap<>();
    regions.all().forEach(r -> zoneErrors.put(r.region(), MeterSums.zoneErrorsByOperation(r.meters())));
    return new SplitBrainReport(options, wan, cut, keys, seeded, traffic, ledgerCounts(regions, ledger), ownWritesServed,
        staleBeforeHeal, failedPublishes, converged, staleAfter, lost, deadLetters, dropped, rejected,
        ledger.uncertainKeys(), zoneErrors, diagnosis);
  }

  /** The history keys (at most five) that the lines name, to diagnose them. */
  private static List<WriteLedger.HistoryKey> mentioned(WriteLedger ledger, List<String> staleAfter,
      List<String> lost) {
    List<String> lines = new ArrayList<>(lost);
    lines.addAll(staleAfter);
    return ledger.historyWinners().keySet().stream()
        .filter(key -> lines.stream().anyMatch(line -> Staleness.names(line, key)))
        .sorted(Comparator.comparing(WriteLedger.HistoryKey::toString))
        .limit(5)
        .toList();
  }

  private static void cut(SandboxFaults faults, Options options, RegionService east, RegionService west) {
    if (options.split().cutsQueues()) {
      faults.partition(east.region(), west.region(), options.mode());
      faults.partition(west.region(), east.region(), options.mode());
    }
    if (options.split().cutsDatacenters()) {
      faults.partitionCassandra(options.mode());
    }
  }

  private static void heal(SandboxFaults faults, Options options, RegionService east, RegionService west) {
    if (options.split().cutsQueues()) {
      faults.heal(east.region(), west.region());
      faults.heal(west.region(), east.region());
    }
    if (options.split().cutsDatacenters()) {
      faults.healCassandra();
    }
  }

  private static Map<String, Long> failedPublishes(TwoRegions regions) {
    Map<String, Long> failed = new LinkedHashMap<>();
    regions.all().forEach(r -> failed.put(r.region(), MeterSums.failedPublishRequests(r.meters())));
    return failed;
  }

  private static Map<String, String> ledgerCounts(TwoRegions regions, WriteLedger ledger) {
    Map<String, String> counts = new LinkedHashMap<>();
    regions.all().forEach(r -> counts.put(r.region(), ledger.acknowledged(r.region(), "history") + " history, "
        + ledger.acknowledged(r.region(), "now-playing") + " now-playing"));
    return counts;
  }
}
