package dev.activeactive.evcache.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.activeactive.evcache.api.DatasetCache;
import dev.activeactive.evcache.api.DatasetConfig;
import dev.activeactive.evcache.api.ReadFallback;
import dev.activeactive.evcache.api.ValueCodec;
import dev.activeactive.evcache.api.WriteCompletion;
import dev.activeactive.protocol.api.wire.Envelope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A write that completed under {@link WriteCompletion#ONE} while a zone was down reaches that zone once it is back,
 * so the zone never goes on serving the value the write replaced; conditionally, so never over something newer.
 */
class ZoneRepairsTest {

  private static final Duration AWAIT = Duration.ofSeconds(30);

  private ClientHarness h;

  @AfterEach
  void close() {
    if (h != null) {
      h.close();
    }
  }

  private DatasetCache<String> profiles() {
    h = new ClientHarness(2, WriteCompletion.ONE, ReadFallback.ON_MISS_OR_ERROR, null,
        DatasetConfig.builder("profiles").build());
    return h.client.dataset("profiles", ValueCodec.utf8());
  }

  @Test
  void aDeleteTheDownZoneMissedReachesItWhenItIsBack() {
    DatasetCache<String> profiles = profiles();
    profiles.set("alice", "old");
    h.zone(0).down(true);
    h.advance(Duration.ofMillis(1));
    long deleted = profiles.delete("alice").versionMicros();
    assertThat(h.stored(0, "profiles:alice").isTombstone()).as("still the old value while down").isFalse();
    h.zone(0).down(false);
    await().atMost(AWAIT).untilAsserted(() -> {
      Envelope stored = h.stored(0, "profiles:alice");
      assertThat(stored.isTombstone()).isTrue();
      assertThat(stored.version().timestampMicros()).isEqualTo(deleted);
    });
  }

  @Test
  void aSetTheDownZoneMissedReachesItButNeverOverSomethingNewer() {
    DatasetCache<String> profiles = profiles();
    profiles.set("alice", "old");
    h.zone(0).down(true);
    h.advance(Duration.ofMillis(1));
    profiles.set("alice", "new");
    h.zone(0).down(false);
    await().atMost(AWAIT).untilAsserted(() -> assertThat(text(h.stored(0, "profiles:alice"))).isEqualTo("new"));

    // a zone that got something newer meanwhile keeps it
    h.zone(1).down(true);
    h.advance(Duration.ofMillis(1));
    profiles.set("bob", "mine");
    h.advance(Duration.ofMillis(1));
    long newer = h.nowMicros.get() + 1_000_000L;
    h.zone(1).put("profiles:bob", dev.activeactive.protocol.api.wire.EnvelopeCodec.encode(Envelope.value(
        new dev.activeactive.protocol.api.version.Version(newer, "us-west-2"), 0, bytes("remote"))), 0);
    h.zone(1).down(false);
    await().atMost(AWAIT).until(() -> h.client != null && repairsPending() == 0);
    assertThat(text(h.stored(1, "profiles:bob"))).isEqualTo("remote");
  }

  private int repairsPending() {
    return ((DefaultEVCacheClient) h.client).core().repairs.pending();
  }

  private static String text(Envelope envelope) {
    return new String(envelope.payload(), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
