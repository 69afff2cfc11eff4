package dev.activeactive.evcache.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.activeactive.protocol.api.zone.SpyZoneStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** rememberedWrites needs memcached 1.6+: older servers are named at build time, not at the first write. */
class MetaProtocolCheckTest {

  @Test
  void versionsFrom16OnSpeakTheMetaProtocol() {
    assertThat(SpyZoneStore.speaksMetaProtocol("1.6.18")).isTrue();
    assertThat(SpyZoneStore.speaksMetaProtocol("1.6.0")).isTrue();
    assertThat(SpyZoneStore.speaksMetaProtocol("1.10.2")).isTrue();
    assertThat(SpyZoneStore.speaksMetaProtocol("2.0.1")).isTrue();
    assertThat(SpyZoneStore.speaksMetaProtocol("1.5.22")).isFalse();
    assertThat(SpyZoneStore.speaksMetaProtocol("1.4.39")).isFalse();
    assertThat(SpyZoneStore.speaksMetaProtocol("unknown build")).as("benefit of the doubt").isTrue();
  }

  @Test
  void onlyTheServersTooOldAreNamedAndSilentOnesAreNotJudged() {
    Map<String, String> versions = new LinkedHashMap<>();
    versions.put("10.0.0.1:11211", "1.6.21");
    versions.put("10.0.0.2:11211", "1.5.22");
    versions.put("10.0.0.3:11211", null);
    assertThat(ZoneConnections.tooOld("us-east-1a", versions))
        .containsExactly("10.0.0.2:11211 (zone us-east-1a, version 1.5.22)");
  }
}
