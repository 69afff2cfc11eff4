package dev.activeactive.relay.e2e;

import static dev.activeactive.relay.e2e.E2eFixture.EAST;
import static dev.activeactive.relay.e2e.E2eFixture.WEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.activeactive.evcache.api.DatasetCache;
import dev.activeactive.evcache.api.DatasetConfig;
import dev.activeactive.evcache.api.EVCacheClient;
import dev.activeactive.evcache.api.ReplicationPolicy;
import dev.activeactive.evcache.api.ValueCodec;
import dev.activeactive.evcache.api.WriteOptions;
import dev.activeactive.evcache.api.WriteResult;
import dev.activeactive.protocol.api.version.Version;
import dev.activeactive.protocol.api.wire.Envelope;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.RegionSandboxTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Both regions write the same keys at the same time, each with its own relay applying what the other publishes.
 * us-west-2's writes carry versions from a clock that lags 300 ms (explicit versions), so local writes regularly
 * meet newer remote values. However the races go, every zone of both regions must end up holding the write
 * with the largest version.
 */
@RegionSandboxTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConvergenceEndToEndIT {

  private static final Duration AWAIT = Duration.ofSeconds(90);
  private static final int KEYS = 40;
  private static final int WRITES_PER_REGION = 1_500;
  private static final long WEST_LAG_MICROS = 300_000;

  private final String suffix = UUID.randomUUID().toString().substring(0, 8);
  private final String rep = "conv-rep-" + suffix;
  private final String inv = "conv-inv-" + suffix;
  private E2eFixture fixture;
  private EVCacheClient east;
  private EVCacheClient west;

  @BeforeAll
  void start(RegionSandbox sandbox) {
    E2eFixture.purgeQueues(sandbox);
    fixture = new E2eFixture(sandbox);
    DatasetConfig[] datasets = {
        DatasetConfig.builder(rep).replication(ReplicationPolicy.REPLICATE).build(),
        DatasetConfig.builder(inv).replication(ReplicationPolicy.INVALIDATE).build()};
    east = fixture.client(EAST, true, datasets);
    west = fixture.client(WEST, true, datasets);
    fixture.relay(EAST);
    fixture.relay(WEST);
  }

  @AfterAll
  void stop() {
    fixture.close();
  }

  /** The newest write per key seen by the test, and its value. */
  private record Winner(Version version, String value) {}

  /** Local writes that met a newer version already stored (the races this test is about). */
  private final AtomicLong superseded = new AtomicLong();

  private Map<String, Winner> writeConcurrently(String dataset) throws Exception {
    Map<String, Winner> winners = new ConcurrentHashMap<>();
    AtomicLong westClock = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<Void>> writers = new ArrayList<>();
      for (String region : List.of(EAST, WEST)) {
        DatasetCache<String> cache = (region.equals(EAST) ? east : west).dataset(dataset, ValueCodec.utf8());
        for (int t = 0; t < 4; t++) {
          int thread = t;
          writers.add(CompletableFuture.runAsync(() -> {
            for (int i = 0; i < WRITES_PER_REGION / 4; i++) {
              String key = "k" + ThreadLocalRandom.current().nextInt(KEYS);
              String value = region + "-" + thread + "-" + i;
              WriteResult result;
              if (region.equals(WEST)) {
                long lagging = westClock.updateAndGet(prev ->
                    Math.max(prev + 1, System.currentTimeMillis() * 1000 - WEST_LAG_MICROS));
                result = cache.set(key, value, null, WriteOptions.version(lagging));
              } else {
                result = cache.set(key, value);
              }
              if (result.superseded()) {
                superseded.incrementAndGet();
              }
              Winner mine = new Winner(new Version(result.versionMicros(), region), value);
              winners.merge(key, mine, (a, b) -> a.version().compareTo(b.version()) >= 0 ? a : b);
            }
          }, pool));
        }
      }
      CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    east.flush().get(60, TimeUnit.SECONDS);
    west.flush().get(60, TimeUnit.SECONDS);
    return winners;
  }

  @Test
  void concurrentReplicatedWritesConvergeToIdenticalValuesInBothRegions() throws Exception {
    Map<String, Winner> winners = writeConcurrently(rep);
    assertThat(winners).hasSize(KEYS);
    assertThat(superseded.get()).as("local writes that met a newer remote value").isPositive();
    for (Map.Entry<String, Winner> e : winners.entrySet()) {
      String key = rep + ":" + e.getKey();
      await().atMost(AWAIT).until(() -> fixture.identicalEverywhere(key));
      for (String region : List.of(EAST, WEST)) {
        for (Envelope stored : fixture.inEveryZone(region, key)) {
          assertThat(stored.version()).as("%s in %s", key, region).isEqualTo(e.getValue().version());
          assertThat(new String(stored.payload(), StandardCharsets.UTF_8)).isEqualTo(e.getValue().value());
        }
      }
      assertThat(east.dataset(rep, ValueCodec.utf8()).get(e.getKey())).isEqualTo(e.getValue().value());
      assertThat(west.dataset(rep, ValueCodec.utf8()).get(e.getKey())).isEqualTo(e.getValue().value());
    }
  }

  @Test
  void concurrentInvalidatingWritesLeaveOnlyTheNewestWriteAnywhere() throws Exception {
    Map<String, Winner> winners = writeConcurrently(inv);
    for (Map.Entry<String, Winner> e : winners.entrySet()) {
      String key = inv + ":" + e.getKey();
      Winner winner = e.getValue();
      String winnerRegion = winner.version().originRegion();
      await().atMost(AWAIT).until(() -> List.of(EAST, WEST).stream()
          .allMatch(r -> fixture.inEveryZone(r, key).stream().allMatch(env -> env != null
              && env.version().equals(winner.version()))));
      // the winner's region holds its value; the other region its invalidation, so it reloads from its database
      assertThat(fixture.inEveryZone(winnerRegion, key)).allSatisfy(env ->
          assertThat(new String(env.payload(), StandardCharsets.UTF_8)).isEqualTo(winner.value()));
      assertThat(fixture.inEveryZone(E2eFixture.other(winnerRegion), key))
          .allSatisfy(env -> assertThat(env.isTombstone()).isTrue());
    }
  }
}
