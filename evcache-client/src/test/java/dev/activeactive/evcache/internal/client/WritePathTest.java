package dev.activeactive.evcache.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.activeactive.evcache.api.DatasetCache;
import dev.activeactive.evcache.api.DatasetConfig;
import dev.activeactive.evcache.api.ValueCodec;
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
}
