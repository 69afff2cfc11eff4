package dev.activeactive.examples.drills;

import dev.activeactive.examples.history.HistoryEntry;
import dev.activeactive.examples.history.NowPlayingWrite;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every write a drill's traffic had acknowledged, and from them what every region must end up serving: per key,
 * the write that wins. "No operation lost" means exactly that every region serves, for every key, the winner
 * among all acknowledged writes, since each acknowledged write either is that winner or was overwritten by a newer
 * one.
 *
 * <p>Writes whose outcome is unknown (the request failed or timed out; the service may or may not have written)
 * mark their key uncertain; checks skip uncertain keys and reports count them. Thread-safe.
 */
final class WriteLedger {

  /** A history key. */
  record HistoryKey(String user, String title) {
    @Override
    public String toString() {
      return user + "/" + title;
    }
  }

  private final Map<HistoryKey, HistoryEntry> historyWinners = new ConcurrentHashMap<>();
  private final Map<String, NowPlayingWrite> nowPlayingWinners = new ConcurrentHashMap<>();
  private final Set<HistoryKey> uncertainHistory = ConcurrentHashMap.newKeySet();
  private final Set<String> uncertainNowPlaying = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicLong> acknowledged = new ConcurrentHashMap<>();
  private final Map<HistoryKey, List<Acknowledged>> historyLog = new ConcurrentHashMap<>();
  private final long createdNanos = System.nanoTime();

  /**
   * One acknowledged history write, for the diagnosis of a key a drill found wrong.
   *
   * @param entry what the service acknowledged
   * @param acknowledgedAfterNanos when the acknowledgement arrived, after the ledger was created
   */
  record Acknowledged(HistoryEntry entry, long acknowledgedAfterNanos) {}

  /** Orders now-playing writes as the cache does: by version, then by region name. */
  static final Comparator<NowPlayingWrite> NOW_PLAYING_ORDER = Comparator
      .comparingLong(NowPlayingWrite::versionMicros)
      .thenComparing(w -> w.value().writtenIn());

  /** An acknowledged history write (timestamps never tie across regions, see the service's RegionClock). */
  void history(HistoryEntry entry) {
    historyWinners.merge(new HistoryKey(entry.user(), entry.title()), entry,
        (a, b) -> a.writeTimeMicros() >= b.writeTimeMicros() ? a : b);
    historyLog.computeIfAbsent(new HistoryKey(entry.user(), entry.title()),
        k -> new CopyOnWriteArrayList<>())
        .add(new Acknowledged(entry, System.nanoTime() - createdNanos));
    count(entry.writtenIn(), "history");
  }

  /** An acknowledged now-playing write. */
  void nowPlaying(NowPlayingWrite write) {
    nowPlayingWinners.merge(write.value().user(), write, (a, b) -> NOW_PLAYING_ORDER.compare(a, b) >= 0 ? a : b);
    count(write.value().writtenIn(), "now-playing");
  }

  /** A history write whose outcome is unknown. */
  void uncertainHistory(HistoryKey key) {
    uncertainHistory.add(key);
  }

  /** A now-playing write whose outcome is unknown. */
  void uncertainNowPlaying(String user) {
    uncertainNowPlaying.add(user);
  }

  /** The winning history write of every key with a certain outcome. */
  Map<HistoryKey, HistoryEntry> historyWinners() {
    Map<HistoryKey, HistoryEntry> winners = new HashMap<>(historyWinners);
    winners.keySet().removeAll(uncertainHistory);
    return winners;
  }

  /** The winning now-playing write of every user with a certain outcome. */
  Map<String, NowPlayingWrite> nowPlayingWinners() {
    Map<String, NowPlayingWrite> winners = new HashMap<>(nowPlayingWinners);
    winners.keySet().removeAll(uncertainNowPlaying);
    return winners;
  }

  /**
   * A ledger holding only the winners that {@code region} wrote: what that region must serve even while it hears
   * nothing from the other regions.
   */
  WriteLedger winnersWrittenIn(String region) {
    WriteLedger own = new WriteLedger();
    historyWinners().values().stream().filter(e -> e.writtenIn().equals(region)).forEach(own::history);
    nowPlayingWinners().values().stream().filter(w -> w.value().writtenIn().equals(region)).forEach(own::nowPlaying);
    return own;
  }

  /** Every acknowledged write of a history key, in the order the acknowledgements arrived. */
  List<Acknowledged> historyWrites(HistoryKey key) {
    return List.copyOf(historyLog.getOrDefault(key, List.of()));
  }

  /** Keys left out of the checks because a write's outcome is unknown. */
  int uncertainKeys() {
    return uncertainHistory.size() + uncertainNowPlaying.size();
  }

  /** Acknowledged writes of a kind ({@code history} or {@code now-playing}) taken by a region. */
  long acknowledged(String region, String kind) {
    AtomicLong n = acknowledged.get(region + "/" + kind);
    return n == null ? 0 : n.get();
  }

  private void count(String region, String kind) {
    acknowledged.computeIfAbsent(region + "/" + kind, k -> new AtomicLong()).incrementAndGet();
  }
}
