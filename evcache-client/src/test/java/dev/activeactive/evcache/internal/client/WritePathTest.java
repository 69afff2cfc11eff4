package dev.activeactive.evcache.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.activeactive.evcache.api.DatasetCache;
import dev.activeactive.evcache.api.DatasetConfig;
import dev.activeactive.evcache.api.ValueCodec;
import dev.activeactive.evcache.api.WriteResult;
import dev.activeactive.protocol.api.version.Version;
import dev.activeactive.protocol.api.wire.Envelope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The write path's findings of issue 14, each reproduced on in-memory zones. */
class WritePathTest {

  private ClientHarness h;

  @AfterEach
  void close() {
    if (h != null) {
      h.close();
    }
  }

  private DatasetCache<String> cache(String name) {
    return h.client.dataset(name, ValueCodec.utf8());
  }

  @Test
  void aSubSecondDefaultTtlIsRefusedInsteadOfMeaningNeverExpire() {
    assertThatThrownBy(() -> DatasetConfig.builder("short").defaultTtl(Duration.ofMillis(500)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("short")
        .hasMessageContaining("whole seconds");
    // zero still means no expiry, and whole seconds still work
    h = new ClientHarness(DatasetConfig.builder("forever").defaultTtl(Duration.ZERO).build(),
        DatasetConfig.builder("brief").defaultTtl(Duration.ofSeconds(1)).build());
    cache("forever").set("k", "v");
    cache("brief").set("k", "v");
    assertThat(h.zone(0).item("forever:k").expiry()).isZero();
    assertThat(h.zone(0).item("brief:k").expiry()).isNotZero(); // 1 s, as memcached reads it
  }

  @Test
  void aSupersededSetMovesTheClockPastTheWinningVersionSoTheNextWriteWins() {
    h = new ClientHarness(DatasetConfig.builder("profiles").build());
    DatasetCache<String> profiles = cache("profiles");
    // another region whose clock runs 10 s ahead (within the 60 s skew bound) wrote the key
    long ahead = h.nowMicros.get() + 10_000_000L;
    h.storeEverywhere("profiles:alice", Envelope.value(new Version(ahead, "us-west-2"), 0,
        "remote".getBytes(StandardCharsets.UTF_8)));
    WriteResult lost = profiles.set("alice", "first");
    assertThat(lost.superseded()).isTrue();
    h.advance(Duration.ofMillis(1)); // far less than the 10 s lead
    WriteResult next = profiles.set("alice", "second");
    assertThat(next.superseded()).as("a write after observing the winner orders after it").isFalse();
    assertThat(next.versionMicros()).isGreaterThan(ahead);
    assertThat(profiles.get("alice")).isEqualTo("second");
  }
}
