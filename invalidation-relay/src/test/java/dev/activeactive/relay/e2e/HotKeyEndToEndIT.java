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
import dev.activeactive.evcache.api.WriteResult;
import dev.activeactive.protocol.api.version.Version;
import dev.activeactive.protocol.api.wire.Envelope;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.RegionSandboxTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One hot key written 500 times at once by one client in each region (default CONDITIONAL, two zones each,
 * QUORUM, REPLICATE), each region's relay applying what the other publishes, over the sandbox's default WAN
 * profile (us-east-1/us-west-2). No write may fail for contention alone, and all four zones must end up holding
 * the newest of the 1,000 writes.
 */
@RegionSandboxTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HotKeyEndToEndIT {

  private static final Duration AWAIT = Duration.ofSeconds(120); // generous: the machine is shared
  private static final int WRITES_PER_REGION = 500;

  private final String dataset = "hot2-" + UUID.randomUUID().toString().substring(0, 8);
  private E2eFixture fixture;
  private EVCacheClient east;
  private EVCacheClient west;

  @BeforeAll
  void start(RegionSandbox sandbox) {
    E2eFixture.purgeQueues(sandbox);
    fixture = new E2eFixture(sandbox);
    DatasetConfig config = DatasetConfig.builder(dataset).replication(ReplicationPolicy.REPLICATE).build();
    east = fixture.client(EAST, true, config);
    west = fixture.client(WEST, true, config);
    fixture.relay(EAST);
    fixture.relay(WEST);
  }

  @AfterAll
  void stop() {
    fixture.close();
  }

  private record Write(String region, String value, CompletableFuture<WriteResult> result) {}

  @Test
  void fiveHundredConcurrentWritesOfOneKeyInEachRegionNeverFailAndEveryZoneEndsWithTheNewest() throws Exception {
    DatasetCache<String> eastCache = east.dataset(dataset, ValueCodec.utf8());
    DatasetCache<String> westCache = west.dataset(dataset, ValueCodec.utf8());
    List<Write> writes = new ArrayList<>();
    for (int i = 0; i < WRITES_PER_REGION; i++) {
      // interleaved, so both regions' writes are in flight at the same time
      writes.add(new Write(EAST, "east-" + i, eastCache.setAsync("hot", "east-" + i)));
      writes.add(new Write(WEST, "west-" + i, westCache.setAsync("hot", "west-" + i)));
    }
    List<String> failures = new ArrayList<>();
    Version newest = null;
    String newestValue = null;
    for (Write write : writes) {
      try {
        WriteResult result = write.result().get(120, TimeUnit.SECONDS);
        Version version = new Version(result.versionMicros(), write.region());
        if (newest == null || version.isNewerThan(newest)) {
          newest = version;
          newestValue = write.value();
        }
      } catch (java.util.concurrent.ExecutionException e) {
        failures.add(write.region() + ": " + e.getCause());
      }
    }
    assertThat(failures).as("failed writes").isEmpty();
    east.flush().get(60, TimeUnit.SECONDS);
    west.flush().get(60, TimeUnit.SECONDS);

    String key = dataset + ":hot";
    Version winner = newest;
    await().atMost(AWAIT).until(() -> List.of(EAST, WEST).stream().allMatch(region ->
        fixture.inEveryZone(region, key).stream().allMatch(env -> env != null && env.version().equals(winner))));
    for (String region : List.of(EAST, WEST)) {
      List<Envelope> stored = fixture.inEveryZone(region, key);
      assertThat(stored).hasSize(2);
      for (Envelope envelope : stored) {
        assertThat(new String(envelope.payload(), StandardCharsets.UTF_8)).as(region).isEqualTo(newestValue);
      }
    }
  }
}
