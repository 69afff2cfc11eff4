package dev.activeactive.examples.drills;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the latency drill saw, before and during the faults.
 *
 * @param options the drill's knobs
 * @param wan the WAN profile the drill ran under (the slowed path's own delay replaces it during the drill)
 * @param keys the run's keys
 * @param seeded how long seeding and warming took
 * @param regionA the region with the faults, where the traffic runs
 * @param regionB the region receiving A's replication
 * @param stoppedZone A's zone whose memcached was stopped
 * @param before the phase without faults
 * @param during the phase with the faults
 * @param converged how long after the faults were removed no key was stale; empty if not within the bound
 * @param stale keys still stale then
 * @param lost keys whose winning write a region does not serve or store
 * @param troubles dead letters, dropped publishes and rejected messages, together
 * @param uncertainKeys keys left out because a write's outcome was unknown
 */
public record LatencyReport(
    LatencyDrill.Options options,
    String wan,
    DrillKeys keys,
    Duration seeded,
    String regionA,
    String regionB,
    String stoppedZone,
    Phase before,
    Phase during,
    Optional<Duration> converged,
    List<String> stale,
    List<String> lost,
    long troubles,
    int uncertainKeys) implements DrillReport {

  /**
   * One phase's figures, all in region A.
   *
   * @param traffic the traffic and its latencies
   * @param lag replication lag to B, measured by probes
   * @param zoneFallbacks reads served by another zone than the one tried first
   * @param zoneErrors zone operations that failed
   * @param failedPublishRequests requests to B's queue that failed (and were retried)
   */
  public record Phase(Traffic.Result traffic, LagProbe.Result lag, long zoneFallbacks, long zoneErrors,
      long failedPublishRequests) {

    /** Median of an operation, ms. */
    public double p50(Op op) {
      return traffic.latencies().get(op).p50();
    }

    /** p99 of an operation, ms. */
    public double p99(Op op) {
      return traffic.latencies().get(op).p99();
    }
  }

  private double injectedMillis() {
    return options.queueLatency().toMillis();
  }

  @Override
  public List<Check> checks() {
    double slowestWriteP50 = Math.max(during.p50(Op.HISTORY_PUT), during.p50(Op.NOW_PLAYING_PUT));
    double slowestWriteP99 = Math.max(during.p99(Op.HISTORY_PUT), during.p99(Op.NOW_PLAYING_PUT));
    return List.of(
        new Check("no request failed, before or during the faults",
            before.traffic().totalErrors() + during.traffic().totalErrors() == 0,
            before.traffic().totalErrors() + " before, " + during.traffic().totalErrors() + " during"),
        // were the queue path on the write path, every write would take at least the injected latency ...
        new Check("local writes stay fast: median write during the faults below a quarter of the queue latency",
            slowestWriteP50 < injectedMillis() / 4,
            String.format(Locale.ROOT, "slowest write p50 %.1f ms < %.0f ms", slowestWriteP50, injectedMillis() / 4)),
        // ... and the writes during the cut (a third of the phase) would wait for it, putting the p99 above it.
        // The p99 is not compared with the injected latency itself: on a loaded machine a stall of a second can
        // happen to any request, fault or not.
        new Check("no write waited for the cut queue path: write p99 during the faults below the cut's length",
            slowestWriteP99 < options.cut().toMillis(),
            String.format(Locale.ROOT, "slowest write p99 %.1f ms < %d ms", slowestWriteP99,
                options.cut().toMillis())),
        new Check("the queue latency was in force: replication lag p50 during at least the injected latency",
            during.lag().lag().p50() >= injectedMillis(),
            String.format(Locale.ROOT, "%.0f ms", during.lag().lag().p50())),
        new Check("the stopped zone was in force: reads fell back to another zone", during.zoneFallbacks() > 0,
            during.zoneFallbacks() + " fallbacks"),
        new Check("the cut was in force: publish requests failed and were retried",
            during.failedPublishRequests() > 0, during.failedPublishRequests() + " failed requests"),
        new Check("every replication probe arrived", before.lag().missing() + during.lag().missing() == 0,
            (before.lag().missing() + during.lag().missing()) + " missing"),
        new Check("no key stale within " + options.bound().toSeconds() + " s of removing the faults",
            converged.isPresent() && stale.isEmpty(),
            converged.map(d -> "converged in " + ReportText.seconds(d)).orElse("not converged") + ", "
                + stale.size() + " stale"),
        new Check("no acknowledged write lost, nothing dead-lettered, dropped or rejected",
            lost.isEmpty() && uncertainKeys == 0 && troubles == 0,
            lost.size() + " lost, " + uncertainKeys + " uncertain, " + troubles + " dead/dropped/rejected"));
  }

  @Override
  public String render() {
    ReportText text = new ReportText("Latency drill (" + keys.prefix() + "): " + regionA + "'s queue path to "
        + regionB + " at " + options.queueLatency().toMillis() + " ms one way and cut " + options.cut().toSeconds()
        + " s; memcached " + stoppedZone + " stopped")
        .row("WAN between regions", wan)
        .row("keys", keys.historyKeyCount() + " history entries, " + keys.users() + " now-playing users")
        .row("seeded and warmed in", ReportText.seconds(seeded))
        .row("each phase", ReportText.seconds(options.phase()) + " at " + (int) options.opsPerSecond()
            + " requests/s in " + regionA)
        .section(String.format(Locale.ROOT, "  %-44s %-34s %s", "", "before", "during"));
    for (Op op : Op.values()) {
      text.row(op.label() + " p50 / p99 / max", pair(before.traffic().latencies().get(op).text(),
          during.traffic().latencies().get(op).text()));
    }
    text.row("replication lag to " + regionB + " p50 / p99 / max", pair(before.lag().lag().text(),
            during.lag().lag().text()))
        .row("replication probes missing", pair(before.lag().missing(), during.lag().missing()))
        .row("zone fallbacks (reads)", pair(before.zoneFallbacks(), during.zoneFallbacks()))
        .row("zone errors", pair(before.zoneErrors(), during.zoneErrors()))
        .row("publish requests failed (retried)", pair(before.failedPublishRequests(),
            during.failedPublishRequests()))
        .row("failed requests", pair(before.traffic().totalErrors(), during.traffic().totalErrors()))
        .row("write p99 during / before", String.format(Locale.ROOT, "history x%.1f, now-playing x%.1f",
            ratio(during.p99(Op.HISTORY_PUT), before.p99(Op.HISTORY_PUT)),
            ratio(during.p99(Op.NOW_PLAYING_PUT), before.p99(Op.NOW_PLAYING_PUT))))
        .row("replication lag p50 during / before", String.format(Locale.ROOT, "x%.1f",
            ratio(during.lag().lag().p50(), before.lag().lag().p50())))
        .row("no stale key after removing the faults in", converged.map(ReportText::seconds)
            .orElse("NOT within " + options.bound().toSeconds() + " s"));
    text.samples("still stale", stale);
    text.samples("lost", lost);
    return text.checks(checks());
  }

  private static String pair(Object before, Object during) {
    return String.format(Locale.ROOT, "%-34s %s", before, during);
  }

  private static double ratio(double during, double before) {
    return before <= 0 ? 0 : during / before;
  }
}
