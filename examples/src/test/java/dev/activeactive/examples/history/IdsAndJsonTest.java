package dev.activeactive.examples.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdsAndJsonTest {

  @Test
  void idsAreShortAndSafeForMemcachedKeysAndUrls() {
    assertThat(Ids.isValid("alice")).isTrue();
    assertThat(Ids.isValid("the-crown_s1.e1")).isTrue();
    assertThat(Ids.isValid("a".repeat(64))).isTrue();
    assertThat(Ids.isValid("a".repeat(65))).isFalse();
    assertThat(Ids.isValid("")).isFalse();
    assertThat(Ids.isValid("with space")).isFalse();
    assertThat(Ids.isValid("colon:inside")).isFalse();
    assertThatThrownBy(() -> new HistoryEntry("bad user", "t", 1, "us-east-1", 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user");
  }

  @Test
  void cacheKeysJoinUserAndTitle() {
    assertThat(ViewingHistory.key("alice", "t1")).isEqualTo("alice:t1");
  }

  @Test
  void keyspacesMustBePlainCqlNames() {
    assertThat(HistorySchema.requireKeyspace("viewing_2")).isEqualTo("viewing_2");
    assertThatThrownBy(() -> HistorySchema.requireKeyspace("viewing-2")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HistorySchema.requireKeyspace("2viewing")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void valuesRoundTripThroughJson() {
    HistoryEntry entry = new HistoryEntry("alice", "t1", 1234, "us-east-1", 1_795_000_000_000_010L);
    NowPlayingWrite write = new NowPlayingWrite(new NowPlaying("alice", "dark-s1e1", "us-west-2"), 99L, false);

    assertThat(Json.read(Json.write(entry), HistoryEntry.class)).isEqualTo(entry);
    assertThat(Json.read(Json.write(write), NowPlayingWrite.class)).isEqualTo(write);
    assertThat(Json.write(entry)).contains("\"positionSeconds\":1234");
    assertThatThrownBy(() -> Json.read("{not json", HistoryEntry.class)).isInstanceOf(IllegalArgumentException.class);
  }
}
