package dev.activeactive.evcache.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.activeactive.evcache.api.DatasetCache;
import dev.activeactive.evcache.api.DatasetConfig;
import dev.activeactive.evcache.api.EVCacheClient;
import dev.activeactive.evcache.api.EVCacheClientBuilder;
import dev.activeactive.evcache.api.ReplicationPolicy;
import dev.activeactive.evcache.api.ValueCodec;
import dev.activeactive.evcache.api.WriteResult;
import dev.activeactive.evcache.api.ZoneConfig;
import dev.activeactive.protocol.api.wire.Envelope;
import dev.activeactive.protocol.api.wire.EnvelopeCodec;
import dev.activeactive.protocol.api.zone.SpyZoneStore;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.RegionSandboxTest;
import dev.activeactive.sandbox.api.SandboxComponent;
import dev.activeactive.sandbox.api.ZoneEndpoint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * 500 concurrent writes of one key from one client, default settings (CONDITIONAL, two zones, QUORUM), on the
 * sandbox's real memcached in us-east-1. The zones are direct connections, not WAN paths ("none").
 */
@RegionSandboxTest(components = SandboxComponent.MEMCACHED, wan = "none")
class HotKeyIT {

  private final RegionSandbox sandbox;

  HotKeyIT(RegionSandbox sandbox) {
    this.sandbox = sandbox;
  }

  @Test
  void fiveHundredConcurrentSetsOfOneKeyNeverFailForContentionAndTheZonesAgree() throws Exception {
    String dataset = "hot-" + UUID.randomUUID().toString().substring(0, 8);
    EVCacheClientBuilder builder = EVCacheClient.builder().region("us-east-1")
        .dataset(DatasetConfig.builder(dataset).replication(ReplicationPolicy.NONE).build());
    List<ZoneEndpoint> zones = sandbox.region("us-east-1").zones();
    for (ZoneEndpoint zone : zones) {
      builder.zone(ZoneConfig.of(zone.name(), zone.memcachedHostPort()));
    }
    try (EVCacheClient client = builder.build()) {
      DatasetCache<String> cache = client.dataset(dataset, ValueCodec.utf8());
      List<CompletableFuture<WriteResult>> writes = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        writes.add(cache.setAsync("k", "v" + i));
      }
      List<String> failures = new ArrayList<>();
      long newest = 0;
      for (CompletableFuture<WriteResult> write : writes) {
        try {
          newest = Math.max(newest, write.join().versionMicros());
        } catch (CompletionException e) {
          failures.add(e.getCause().getMessage());
        }
      }
      assertThat(failures).as("failed writes").isEmpty();
      for (ZoneEndpoint zone : zones) {
        try (SpyZoneStore store = SpyZoneStore.connect(zone.name(), List.of(zone.memcachedHostPort()),
            1024 * 1024, Duration.ofSeconds(5))) {
          await().atMost(Duration.ofSeconds(30)).until(store::allServersAvailable);
          Envelope stored = EnvelopeCodec.decode(store.get(dataset + ":k").get());
          assertThat(stored.version().timestampMicros()).as(zone.name()).isEqualTo(newest);
          assertThat(new String(stored.payload(), StandardCharsets.UTF_8)).isEqualTo("v499");
        }
      }
    }
  }
}
