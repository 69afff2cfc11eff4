package dev.activeactive.examples.drills;

import dev.activeactive.examples.history.HistoryEntry;
import dev.activeactive.examples.history.NowPlaying;
import dev.activeactive.examples.region.RegionService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Compares what a region holds with the ledger's winners, key by key. Each method returns one line per key that
 * differs (empty when the region is consistent), for the reports.
 */
final class Staleness {

  private Staleness() {}

  /**
   * Keys whose value in the region's cache is not the winner: a cached history entry other than the winning write
   * (a miss is fine, the next read loads it), or a now-playing value other than the winner (a miss counts too,
   * unless {@code nowPlayingMayBeMissing} allows it: there is no database to load it from).
   */
  static List<String> inCache(RegionService region, WriteLedger ledger, Predicate<String> nowPlayingMayBeMissing) {
    List<String> stale = new ArrayList<>();
    ledger.historyWinners().forEach((key, winner) -> {
      Optional<HistoryEntry> cached = region.history().cached(key.user(), key.title());
      if (cached.isPresent() && !cached.get().equals(winner)) {
        stale.add(line(region, "history " + key, describe(cached), describe(winner)));
      }
    });
    stale.addAll(nowPlaying(region, ledger, nowPlayingMayBeMissing));
    return stale;
  }

  /**
   * Keys the region serves (as a reader would get them: cache, or database on a miss) differently from the winner.
   * This loads and so fills the cache.
   */
  static List<String> inServing(RegionService region, WriteLedger ledger, Predicate<String> nowPlayingMayBeMissing) {
    List<String> stale = new ArrayList<>();
    ledger.historyWinners().forEach((key, winner) -> {
      Optional<HistoryEntry> served = region.history().find(key.user(), key.title());
      if (!served.equals(Optional.of(winner))) {
        stale.add(line(region, "history " + key, describe(served), describe(winner)));
      }
    });
    stale.addAll(nowPlaying(region, ledger, nowPlayingMayBeMissing));
    return stale;
  }

  /** History keys whose winner is not what the region's Cassandra datacenter holds. */
  static List<String> inDatabase(RegionService region, WriteLedger ledger) {
    Map<String, Map<String, HistoryEntry>> byUser = new HashMap<>();
    List<String> stale = new ArrayList<>();
    ledger.historyWinners().forEach((key, winner) -> {
      Map<String, HistoryEntry> rows = byUser.computeIfAbsent(key.user(), u -> {
        Map<String, HistoryEntry> titles = new HashMap<>();
        region.history().list(u).forEach(e -> titles.put(e.title(), e));
        return titles;
      });
      HistoryEntry row = rows.get(key.title());
      if (!winner.equals(row)) {
        stale.add(line(region, "database " + key, describe(Optional.ofNullable(row)), describe(winner)));
      }
    });
    return stale;
  }

  /** History keys the region's cache does not hold (to know when caches are warm). */
  static List<String> notCached(RegionService region, WriteLedger ledger) {
    List<String> missing = new ArrayList<>();
    ledger.historyWinners().forEach((key, winner) -> {
      if (region.history().cached(key.user(), key.title()).isEmpty()) {
        missing.add(region.region() + " history " + key + " not cached");
      }
    });
    return missing;
  }

  private static List<String> nowPlaying(RegionService region, WriteLedger ledger, Predicate<String> mayBeMissing) {
    List<String> stale = new ArrayList<>();
    ledger.nowPlayingWinners().forEach((user, winner) -> {
      Optional<NowPlaying> held = region.nowPlaying().get(user);
      boolean fine = held.isEmpty() ? mayBeMissing.test(user) : held.get().equals(winner.value());
      if (!fine) {
        stale.add(line(region, "now-playing " + user, held.map(NowPlaying::toString).orElse("nothing"),
            winner.value() + " v" + winner.versionMicros()));
      }
    });
    return stale;
  }

  private static String line(RegionService region, String what, String has, String winner) {
    return region.region() + " " + what + ": has " + has + ", winner " + winner;
  }

  private static String describe(Optional<HistoryEntry> entry) {
    return entry.map(Staleness::describe).orElse("nothing");
  }

  private static String describe(HistoryEntry entry) {
    return "pos " + entry.positionSeconds() + " by " + entry.writtenIn() + " @" + entry.writeTimeMicros();
  }

  /** Whether a line of these checks is about history key {@code key} (in the cache or the database). */
  static boolean names(String line, WriteLedger.HistoryKey key) {
    return line.contains(" history " + key + ":") || line.contains(" database " + key + ":");
  }

  /** For checks where every now-playing winner must be present. */
  static boolean nothingMayBeMissing(String user) {
    return false;
  }
}
