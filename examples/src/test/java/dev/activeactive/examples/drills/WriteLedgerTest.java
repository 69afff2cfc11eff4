package dev.activeactive.examples.drills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.activeactive.examples.history.HistoryEntry;
import dev.activeactive.examples.history.NowPlaying;
import dev.activeactive.examples.history.NowPlayingWrite;
import org.junit.jupiter.api.Test;

class WriteLedgerTest {

  private final WriteLedger ledger = new WriteLedger();

  @Test
  void theNewestHistoryWriteWinsWhateverTheOrderOfAcknowledgement() {
    HistoryEntry older = new HistoryEntry("u", "t", 1, "us-east-1", 100);
    HistoryEntry newer = new HistoryEntry("u", "t", 2, "us-west-2", 201);

    ledger.history(newer);
    ledger.history(older);

    assertThat(ledger.historyWinners()).containsEntry(new WriteLedger.HistoryKey("u", "t"), newer);
    assertThat(ledger.acknowledged("us-east-1", "history")).isEqualTo(1);
    assertThat(ledger.acknowledged("us-west-2", "history")).isEqualTo(1);
  }

  @Test
  void nowPlayingWinnersAreOrderedByVersionThenRegionNameLikeTheCache() {
    NowPlayingWrite east = write("us-east-1", "a", 500);
    NowPlayingWrite west = write("us-west-2", "b", 500);
    NowPlayingWrite olderWest = write("us-west-2", "c", 400);

    ledger.nowPlaying(west);
    ledger.nowPlaying(east);
    ledger.nowPlaying(olderWest);

    assertThat(ledger.nowPlayingWinners()).containsEntry("u", west);
  }

  @Test
  void uncertainKeysAreLeftOutOfTheChecks() {
    ledger.history(new HistoryEntry("u", "t", 1, "us-east-1", 100));
    ledger.nowPlaying(write("us-east-1", "a", 1));

    ledger.uncertainHistory(new WriteLedger.HistoryKey("u", "t"));
    ledger.uncertainNowPlaying("u");

    assertThat(ledger.historyWinners()).isEmpty();
    assertThat(ledger.nowPlayingWinners()).isEmpty();
    assertThat(ledger.uncertainKeys()).isEqualTo(2);
  }

  @Test
  void winnersWrittenInARegionAreWhatThatRegionMustServeAlone() {
    ledger.history(new HistoryEntry("u", "t1", 1, "us-east-1", 100));
    ledger.history(new HistoryEntry("u", "t2", 2, "us-west-2", 201));
    ledger.history(new HistoryEntry("u", "t2", 3, "us-east-1", 150));

    WriteLedger east = ledger.winnersWrittenIn("us-east-1");

    assertThat(east.historyWinners()).containsOnlyKeys(new WriteLedger.HistoryKey("u", "t1"));
  }

  private static NowPlayingWrite write(String region, String title, long version) {
    return new NowPlayingWrite(new NowPlaying("u", title, region), version, false);
  }
}
