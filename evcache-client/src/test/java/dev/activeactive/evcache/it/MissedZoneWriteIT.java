package dev.activeactive.evcache.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.activeactive.evcache.api.DatasetCache;
import dev.activeactive.evcache.api.DatasetConfig;
import dev.activeactive.evcache.api.EVCacheClient;
import dev.activeactive.evcache.api.EVCacheClientBuilder;
import dev.activeactive.evcache.api.Loaded;
import dev.activeactive.evcache.api.PublisherConfig;
import dev.activeactive.evcache.api.ReadFallback;
import dev.activeactive.evcache.api.RemoteRegion;
import dev.activeactive.evcache.api.ValueCodec;
import dev.activeactive.evcache.api.WriteCompletion;
import dev.activeactive.evcache.api.WriteOptions;
import dev.activeactive.evcache.api.ZoneConfig;
import dev.activeactive.protocol.api.zone.SpyZoneStore;
import dev.activeactive.sandbox.api.RegionEndpoints;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.RegionSandboxTest;
import dev.activeactive.sandbox.api.SandboxAws;
import dev.activeactive.sandbox.api.ZoneEndpoint;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A local write that one zone missed while another zone took it, under {@link WriteCompletion#ONE} (the sample
 * service's setting: a region keeps taking writes with a zone down). The cache-aside pattern of the sample's
 * viewing history: versioned {@code getOrLoad} in front of a database, and a write = a versioned delete then the
 * database write. us-east-1's local zone is frozen (SIGSTOP) during the delete, so the delete times out there and
 * succeeds in the other zone; the zone keeps the old value when it resumes. The caller was told the write
 * succeeded, so every later read must return the new value (or load it), not the value the write replaced.
 */
@RegionSandboxTest
class MissedZoneWriteIT {

  private static final String EAST = "us-east-1";
  private static final String WEST = "us-west-2";
  private static final Duration AWAIT = Duration.ofSeconds(120); // generous: the machine is shared
  /** As the split-brain drills' bound after a heal. */
  private static final Duration CONVERGENCE = Duration.ofSeconds(30);

  private final RegionSandbox sandbox;
  private final String dataset = "missed-" + UUID.randomUUID().toString().substring(0, 8);

  MissedZoneWriteIT(RegionSandbox sandbox) {
    this.sandbox = sandbox;
  }

  @AfterEach
  void heal() {
    sandbox.faults().healAll();
  }

  @Test
  void aDeleteTheLocalZoneMissedUnderOneDoesNotLeaveItServingTheReplacedValue() throws Exception {
    RegionEndpoints east = sandbox.region(EAST);
    RegionEndpoints west = sandbox.region(WEST);
    String local = east.zones().get(0).name();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    EVCacheClientBuilder builder = EVCacheClient.builder().region(EAST).localZone(local)
        .dataset(DatasetConfig.builder(dataset).tombstoneTtl(Duration.ofSeconds(60)).build()) // INVALIDATE
        .writeCompletion(WriteCompletion.ONE)
        .readFallback(ReadFallback.ON_MISS_OR_ERROR)
        .memcachedTimeout(Duration.ofMillis(500))
        .meterRegistry(registry)
        .publisher(PublisherConfig.builder()
            .remoteRegion(RemoteRegion.of(WEST, west.queues().queueUrl(), west.queueEndpointFrom(EAST))
                .withAwsRegion(west.queues().awsRegion()))
            .credentials(SandboxAws.credentials())
            .build());
    for (ZoneEndpoint zone : east.zones()) {
      builder.zone(ZoneConfig.of(zone.name(), zone.memcachedHostPort()));
    }
    try (EVCacheClient client = builder.build()) {
      DatasetCache<String> cache = client.dataset(dataset, ValueCodec.utf8());
      // the "database": the row and its write time
      AtomicReference<Loaded<String>> row = new AtomicReference<>(Loaded.of("old", 1_000_000L));
      assertThat(cache.getOrLoad("k", k -> row.get())).isEqualTo("old"); // fills both zones

      sandbox.faults().pauseMemcached(EAST, local);
      long newVersion = System.currentTimeMillis() * 1000;
      cache.deleteAsync("k", WriteOptions.version(newVersion)).get(30, TimeUnit.SECONDS); // the other zone took it
      row.set(Loaded.of("new", newVersion)); // the database write, acknowledged to the caller
      // the frozen zone fails the delete once its command times out
      await().atMost(AWAIT).until(() -> registry.find("evcache.client.zone.errors").tag("zone", local)
          .counters().stream().mapToDouble(c -> c.count()).sum() > 0);
      sandbox.faults().resumeMemcached(EAST, local);
      awaitAnswering(east.zones().get(0));

      // reads after the acknowledged write: the new value, within a bound (the zone's TTL is an hour)
      await().atMost(CONVERGENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
          assertThat(cache.getOrLoad("k", k -> row.get())).as("read after the acknowledged write").isEqualTo("new"));
    }
  }

  private static void awaitAnswering(ZoneEndpoint zone) {
    try (SpyZoneStore probe = SpyZoneStore.connect("probe", List.of(zone.memcachedHostPort()), 1 << 20,
        Duration.ofSeconds(1))) {
      await().atMost(AWAIT).ignoreExceptions().until(probe::allServersAnswer);
    }
  }
}
