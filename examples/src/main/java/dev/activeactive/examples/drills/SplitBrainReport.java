package dev.activeactive.examples.drills;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the split-brain drill saw.
 *
 * @param options the drill's knobs
 * @param wan the WAN profile the drill ran under
 * @param partitioned how long the links were really cut (the traffic's length plus the checks before the heal)
 * @param keys the run's keys
 * @param seeded how long seeding and warming took
 * @param traffic each region's traffic during the partition
 * @param acknowledged each region's acknowledged writes (seeding included)
 * @param ownWritesServed per region, whether it served every key whose winning write it took, during the
 *     partition
 * @param staleBeforeHeal per region, keys its cache held stale at the end of the partition
 * @param failedPublishRequests per region, publish requests that failed during the partition
 * @param converged how long after the heal no key was stale in either cache; empty if not within the bound
 * @param staleAfter keys still stale after convergence (or at the bound)
 * @param lost keys whose winning write a region does not serve or store
 * @param deadLetters messages in the regions' dead-letter queues
 * @param droppedPublishes operations the publishers dropped
 * @param rejectedMessages messages the relays rejected
 * @param uncertainKeys keys left out because a write's outcome was unknown
 * @param zoneErrors per region, the cache client's zone errors by dataset, operation and zone (the whole run)
 * @param diagnosis for up to five keys found lost or stale: their acknowledged writes and what every
 *     datacenter and zone holds for them
 */
public record SplitBrainReport(
    SplitBrainDrill.Options options,
    String wan,
    Duration partitioned,
    DrillKeys keys,
    Duration seeded,
    Map<String, Traffic.Result> traffic,
    Map<String, String> acknowledged,
    Map<String, Boolean> ownWritesServed,
    Map<String, List<String>> staleBeforeHeal,
    Map<String, Long> failedPublishRequests,
    Optional<Duration> converged,
    List<String> staleAfter,
    List<String> lost,
    long deadLetters,
    long droppedPublishes,
    long rejectedMessages,
    int uncertainKeys,
    Map<String, String> zoneErrors,
    List<String> diagnosis) implements DrillReport {

  private String cutName() {
    return switch (options.split()) {
      case QUEUES -> "queue paths";
      case DATACENTERS -> "Cassandra's inter-datacenter paths";
      case BOTH -> "queue paths and Cassandra's inter-datacenter paths";
    };
  }

  /** Keys stale in some region's cache at the end of the partition. */
  public int staleBeforeHealTotal() {
    return staleBeforeHeal.values().stream().mapToInt(List::size).sum();
  }

  /** Failed requests of both regions' traffic during the partition. */
  public long trafficErrors() {
    return traffic.values().stream().mapToLong(Traffic.Result::totalErrors).sum();
  }

  @Override
  public List<Check> checks() {
    return List.of(
        new Check("both regions kept serving during the partition", trafficErrors() == 0,
            trafficErrors() + " failed requests"),
        new Check("each region served its own writes during the partition",
            ownWritesServed.values().stream().allMatch(b -> b), ownWritesServed.toString()),
        new Check("the partition cut replication (stale keys seen before the heal)",
            !options.split().cutsQueues() || staleBeforeHealTotal() > 0, options.split().cutsQueues()
                ? staleBeforeHealTotal() + " stale keys" : "not checked: the queue paths were not cut"),
        new Check("no key stale in either region within " + options.convergenceBound().toSeconds()
            + " s of the heal", converged.isPresent() && staleAfter.isEmpty(),
            converged.map(d -> "converged in " + ReportText.seconds(d)).orElse("not converged") + ", "
                + staleAfter.size() + " stale"),
        new Check("no acknowledged write lost", lost.isEmpty() && uncertainKeys == 0,
            lost.size() + " keys not served or stored as written, " + uncertainKeys + " uncertain"),
        new Check("nothing dead-lettered, dropped or rejected",
            deadLetters == 0 && droppedPublishes == 0 && rejectedMessages == 0,
            deadLetters + " dead letters, " + droppedPublishes + " dropped, " + rejectedMessages + " rejected"));
  }

  @Override
  public String render() {
    ReportText text = new ReportText("Split-brain drill (" + keys.prefix() + ")")
        .row("keys", keys.historyKeyCount() + " history entries, " + keys.users() + " now-playing users")
        .row("seeded and warmed in", ReportText.seconds(seeded))
        .row("WAN between regions", wan)
        .row("cut both ways", cutName() + ", " + options.mode().name().toLowerCase(java.util.Locale.ROOT)
            + ", for " + ReportText.seconds(partitioned) + " (traffic " + ReportText.seconds(options.partition()) + ")");
    traffic.forEach((region, result) -> {
      text.row(region + " traffic during the partition", result.operations() + " requests, "
          + result.totalErrors() + " failed");
      for (Op op : Op.values()) {
        text.row("  " + op.label() + " p50 / p99 / max", result.latencies().get(op).text());
      }
    });
    acknowledged.forEach((region, counts) -> text.row(region + " acknowledged writes", counts));
    failedPublishRequests.forEach((region, n) -> text.row(region + " publish requests failed (retried)", n));
    staleBeforeHeal.forEach((region, stale) -> text.row(region + " stale keys before the heal", stale.size()));
    text.row(options.split().cutsDatacenters() ? "caches fresh and datacenters equal after the heal in"
        : "no stale key after the heal in", converged.map(ReportText::seconds).orElse("NOT within "
        + options.convergenceBound().toSeconds() + " s"));
    text.samples("stale before the heal", staleBeforeHeal.values().stream().flatMap(List::stream).toList());
    text.samples("still stale", staleAfter);
    text.samples("lost", lost);
    zoneErrors.forEach((region, errors) -> text.row(region + " cache zone errors", errors));
    if (!diagnosis.isEmpty()) {
      text.section("  diagnosis");
      diagnosis.forEach(line -> text.section("    " + line));
    }
    return text.checks(checks());
  }
}
