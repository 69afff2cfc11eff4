package dev.activeactive.examples.drills;

import dev.activeactive.examples.http.ServiceClient;
import dev.activeactive.examples.region.RegionService;
import dev.activeactive.examples.sandbox.TwoRegions;
import java.time.Duration;
import java.util.List;

/**
 * Gives every key of a run a first value (written alternately in each region) and waits until both regions serve
 * all of them from a warm cache, so that a drill starts from caches full of values that later writes make old.
 */
final class Seeding {

  private static final Duration DEADLINE = Duration.ofSeconds(60);

  private Seeding() {}

  /**
   * Seeds and warms.
   *
   * @return how long until both regions served every key from their caches
   * @throws DrillException if they did not within a minute
   */
  static Duration seed(TwoRegions regions, DrillKeys keys, WriteLedger ledger) {
    List<ServiceClient> clients = regions.all().stream().map(s -> new ServiceClient(s.baseUri())).toList();
    int i = 0;
    for (WriteLedger.HistoryKey key : keys.allHistoryKeys()) {
      ledger.history(clients.get(i++ % 2).putHistory(key.user(), key.title(), Workload.uniqueNumber()));
    }
    for (String user : keys.allUsers()) {
      ledger.nowPlaying(clients.get(i++ % 2).putNowPlaying(user, "title-" + Workload.uniqueNumber()));
    }
    return Await.until(() -> warm(regions.east(), ledger) && warm(regions.west(), ledger), DEADLINE,
        Duration.ofMillis(250)).orElseThrow(() -> new DrillException("seeding: the regions did not serve every seeded"
            + " key from their caches within " + DEADLINE.toSeconds() + " s; first differences: "
            + first(Staleness.inServing(regions.east(), ledger, Staleness::nothingMayBeMissing))
            + first(Staleness.inServing(regions.west(), ledger, Staleness::nothingMayBeMissing))));
  }

  /** Serves every winner, and every history entry is in the cache (a read that loaded it also filled it). */
  private static boolean warm(RegionService region, WriteLedger ledger) {
    return Staleness.inServing(region, ledger, Staleness::nothingMayBeMissing).isEmpty()
        && Staleness.notCached(region, ledger).isEmpty();
  }

  private static String first(List<String> lines) {
    return lines.stream().limit(3).toList().toString();
  }
}
