package dev.activeactive.examples.drills;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the evacuation drill saw.
 *
 * @param options the drill's knobs
 * @param wan the WAN profile the drill ran under
 * @param keys the run's keys
 * @param seeded how long seeding and warming took
 * @param regionA the evacuated region
 * @param regionB the region that took the traffic
 * @param before A's traffic before the evacuation
 * @param evacuatedHealth the HTTP status of A's {@code /health} while evacuated
 * @param evacuated B's traffic while A was evacuated
 * @param backlog messages waiting in A's queue when A came back
 * @param ready how long after the restart A was healthy and its cache answered; empty if not within the bound
 * @param drained how long after the restart A's queue was empty; empty if not within the bound
 * @param relayOperations operations A's new relay applied
 * @param staleAfterDrain keys stale in A's cache once the backlog was drained, before traffic returned
 * @param nowPlayingRestored now-playing values written in B during the evacuation that the backlog put back into
 *     A's cache
 * @param nowPlayingExpected now-playing values written in B during the evacuation (the winners then)
 * @param failBack A's traffic once it served again
 * @param clean how long after the fail-back no key was stale in either region; empty if not within the bound
 * @param stale keys still stale then
 * @param nowPlayingGone now-playing values written before the evacuation that A lost with its memcached (there is
 *     no database behind them; they come back with the user's next write)
 * @param lost keys whose winning write a region does not serve or store
 * @param deadLetters messages in the regions' dead-letter queues
 * @param droppedPublishes operations the publishers dropped
 * @param rejectedMessages messages the relays rejected
 * @param uncertainKeys keys left out because a write's outcome was unknown
 */
public record EvacuationReport(
    EvacuationDrill.Options options,
    String wan,
    DrillKeys keys,
    Duration seeded,
    String regionA,
    String regionB,
    Traffic.Result before,
    int evacuatedHealth,
    Traffic.Result evacuated,
    long backlog,
    Optional<Duration> ready,
    Optional<Duration> drained,
    long relayOperations,
    List<String> staleAfterDrain,
    int nowPlayingRestored,
    int nowPlayingExpected,
    int nowPlayingGone,
    Traffic.Result failBack,
    Optional<Duration> clean,
    List<String> stale,
    List<String> lost,
    long deadLetters,
    long droppedPublishes,
    long rejectedMessages,
    int uncertainKeys) implements DrillReport {

  @Override
  public List<Check> checks() {
    String bound = options.bound().toSeconds() + " s";
    return List.of(
        new Check(regionB + " took all the traffic while " + regionA + " was out", evacuated.totalErrors() == 0,
            evacuated.operations() + " requests, " + evacuated.totalErrors() + " failed"),
        new Check(regionA + " reported itself down while evacuated", evacuatedHealth == 503,
            "/health answered " + evacuatedHealth),
        new Check(regionA + " served again within " + bound + " of coming back", ready.isPresent()
            && failBack.totalErrors() == 0, ready.map(ReportText::seconds).orElse("not ready") + ", "
            + failBack.totalErrors() + " failed requests after the fail-back"),
        new Check(regionA + "'s relay drained the backlog within " + bound, backlog > 0 && drained.isPresent(),
            backlog + " messages, " + drained.map(ReportText::seconds).orElse("not drained")),
        new Check("no stale key in " + regionA + "'s cache once drained", staleAfterDrain.isEmpty(),
            staleAfterDrain.size() + " stale"),
        new Check("now-playing values written during the evacuation restored in " + regionA + " by the backlog",
            nowPlayingExpected > 0 && nowPlayingRestored == nowPlayingExpected,
            nowPlayingRestored + " of " + nowPlayingExpected),
        new Check("no stale key in either region after the fail-back", clean.isPresent() && stale.isEmpty(),
            clean.map(d -> "clean after " + ReportText.seconds(d)).orElse("not clean") + ", " + stale.size()
                + " stale"),
        new Check("no acknowledged write lost", lost.isEmpty() && uncertainKeys == 0,
            lost.size() + " keys not served or stored as written, " + uncertainKeys + " uncertain"),
        new Check("nothing dead-lettered, dropped or rejected",
            deadLetters == 0 && droppedPublishes == 0 && rejectedMessages == 0,
            deadLetters + " dead letters, " + droppedPublishes + " dropped, " + rejectedMessages + " rejected"));
  }

  @Override
  public String render() {
    ReportText text = new ReportText("Region evacuation drill (" + keys.prefix() + "): " + regionA + " out, "
        + regionB + " takes the traffic")
        .row("WAN between regions", wan)
        .row("keys", keys.historyKeyCount() + " history entries, " + keys.users() + " now-playing users")
        .row("seeded and warmed in", ReportText.seconds(seeded))
        .row(regionA + " traffic before", summary(before))
        .row(regionA + " memcached (all zones) and relay down for", ReportText.seconds(options.evacuation()))
        .row(regionA + " /health while evacuated", evacuatedHealth)
        .row(regionB + " traffic while " + regionA + " was out", summary(evacuated));
    for (Op op : Op.values()) {
      text.row("  " + op.label() + " p50 / p99 / max", evacuated.latencies().get(op).text());
    }
    text.row("backlog in " + regionA + "'s queue at restart", backlog + " messages")
        .row(regionA + " healthy and serving after", ready.map(ReportText::seconds).orElse("NOT within bound"))
        .row(regionA + " queue empty after", drained.map(ReportText::seconds).orElse("NOT within bound"))
        .row(regionA + " relay operations applied", relayOperations)
        .row(regionA + " stale keys once drained", staleAfterDrain.size())
        .row("now-playing restored from the backlog", nowPlayingRestored + " of " + nowPlayingExpected)
        .row("now-playing lost with the restart (no DB)", nowPlayingGone + " users, until their next write")
        .row(regionA + " traffic after the fail-back", summary(failBack))
        .row("no stale key in either region after", clean.map(ReportText::seconds).orElse("NOT within bound"));
    text.samples("stale once drained", staleAfterDrain);
    text.samples("stale after the fail-back", stale);
    text.samples("lost", lost);
    return text.checks(checks());
  }

  private static String summary(Traffic.Result result) {
    return result.operations() + " requests, " + result.totalErrors() + " failed";
  }

  /** Collects the figures as the drill goes. */
  static final class Builder {
    private final EvacuationDrill.Options options;
    private final DrillKeys keys;
    private final Duration seeded;
    private final String regionA;
    private final String regionB;
    private final String wan;
    private Traffic.Result before;
    private int evacuatedHealth;
    private Traffic.Result evacuated;
    private long backlog;
    private Optional<Duration> ready = Optional.empty();
    private Traffic.Result failBack;
    private List<String> staleAfterDrain = List.of();
    private Optional<Duration> drained = Optional.empty();
    private long relayOperations;
    private Optional<Duration> clean = Optional.empty();
    private List<String> stale = List.of();
    private int nowPlayingRestored;
    private int nowPlayingExpected;
    private int nowPlayingGone;

    Builder(EvacuationDrill.Options options, String wan, DrillKeys keys, Duration seeded, String regionA,
        String regionB) {
      this.wan = wan;
      this.options = options;
      this.keys = keys;
      this.seeded = seeded;
      this.regionA = regionA;
      this.regionB = regionB;
    }

    String regionB() {
      return regionB;
    }

    void before(Traffic.Result result) {
      before = result;
    }

    void evacuatedHealth(int status) {
      evacuatedHealth = status;
    }

    void evacuated(Traffic.Result result) {
      evacuated = result;
    }

    void backlog(long messages) {
      backlog = messages;
    }

    void ready(Optional<Duration> after) {
      ready = after;
    }

    void failBack(Traffic.Result result) {
      failBack = result;
    }

    void drained(Optional<Duration> after, long operations) {
      drained = after;
      relayOperations = operations;
    }

    void staleAfterDrain(List<String> staleKeys) {
      staleAfterDrain = List.copyOf(staleKeys);
    }

    void clean(Optional<Duration> after, List<String> staleKeys) {
      clean = after;
      stale = List.copyOf(staleKeys);
    }

    void nowPlaying(int restored, int expected, int gone) {
      nowPlayingRestored = restored;
      nowPlayingExpected = expected;
      nowPlayingGone = gone;
    }

    EvacuationReport finish(List<String> lost, long deadLetters, long dropped, long rejected, int uncertain) {
      return new EvacuationReport(options, wan, keys, seeded, regionA, regionB, before, evacuatedHealth, evacuated,
          backlog, ready, drained, relayOperations, staleAfterDrain, nowPlayingRestored, nowPlayingExpected,
          nowPlayingGone, failBack, clean, stale, List.copyOf(lost), deadLetters, dropped, rejected, uncertain);
    }
  }
}
