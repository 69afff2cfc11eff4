package dev.activeactive.relay.e2e;

import static dev.activeactive.relay.e2e.E2eFixture.EAST;
import static dev.activeactive.relay.e2e.E2eFixture.WEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.activeactive.evcache.api.DatasetCache;
import dev.activeactive.evcache.api.DatasetConfig;
import dev.activeactive.evcache.api.EVCacheClient;
import dev.activeactive.evcache.api.Loaded;
import dev.activeactive.evcache.api.ReplicationPolicy;
import dev.activeactive.evcache.api.ValueCodec;
import dev.activeactive.evcache.api.WriteOptions;
import dev.activeactive.protocol.api.version.Version;
import dev.activeactive.protocol.api.wire.Envelope;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.RegionSandboxTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Cache-aside across regions when the invalidation outruns the database: us-east-1 updates its database and
 * invalidates; the invalidation reaches us-west-2's cache (through SQS and the relay) before us-west-2's database
 * replica has the new row, so a reader there loads the old row first. The cache must never keep that old row.
 *
 * <p>The databases are maps of (value, write time in microseconds); the writer passes the write time as the cache
 * write's version, and the loader reports the loaded row's write time, as with Cassandra's {@code writetime()}.
 */
@RegionSandboxTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GetOrLoadEndToEndIT {

  private static final Duration AWAIT = Duration.ofSeconds(60);

  private record Row(String value, long writeTimeMicros) {}

  private final String suffix = UUID.randomUUID().toString().substring(0, 8);
  private final String profiles = "profiles-" + suffix;
  private final String unversioned = "unversioned-" + suffix;
  private final Map<String, Row> eastDb = new ConcurrentHashMap<>();
  private final Map<String, Row> westReplica = new ConcurrentHashMap<>();
  private E2eFixture fixture;
  private EVCacheClient east;
  private EVCacheClient west;

  @BeforeAll
  void start(RegionSandbox sandbox) {
    E2eFixture.purgeQueues(sandbox);
    fixture = new E2eFixture(sandbox);
    DatasetConfig[] datasets = {
        DatasetConfig.builder(profiles).replication(ReplicationPolicy.INVALIDATE).build(),
        DatasetConfig.builder(unversioned).replication(ReplicationPolicy.INVALIDATE)
            .fillHoldOff(Duration.ofSeconds(3)).build()};
    east = fixture.client(EAST, true, datasets);
    west = fixture.client(WEST, false, datasets);
    fixture.relay(WEST);
  }

  @AfterAll
  void stop() {
    fixture.close();
  }

  private static final java.util.concurrent.atomic.AtomicLong DB_CLOCK = new java.util.concurrent.atomic.AtomicLong();

  /** The databases' write-time clock: microseconds, strictly increasing (two writes never share a time). */
  private static long nowMicros() {
    return DB_CLOCK.updateAndGet(prev -> Math.max(prev + 1, System.currentTimeMillis() * 1000));
  }

  /** us-east-1's service: writes its database, then its cache with the database write time as the version. */
  private void eastWrites(String dataset, String key, String value) throws Exception {
    Row row = new Row(value, nowMicros());
    eastDb.put(key, row);
    east.dataset(dataset, ValueCodec.utf8()).set(key, value, null, WriteOptions.version(row.writeTimeMicros()));
    east.flush().get(30, TimeUnit.SECONDS);
  }

  private Loaded<String> loadFromWestReplica(String key) {
    Row row = westReplica.get(key);
    return row == null ? Loaded.notFound() : Loaded.of(row.value(), row.writeTimeMicros());
  }

  private boolean westHoldsTombstone(String dataset, String key) {
    return fixture.inEveryZone(WEST, dataset + ":" + key).stream().allMatch(e -> e != null && e.isTombstone());
  }

  private void assertNoZoneHolds(String dataset, String key, String staleValue) {
    for (Envelope e : fixture.inEveryZone(WEST, dataset + ":" + key)) {
      if (e != null && !e.isTombstone()) {
        assertThat(new String(e.payload(), StandardCharsets.UTF_8)).isNotEqualTo(staleValue);
      }
    }
  }

  @Test
  void aLoadOfTheOldRowAfterTheInvalidationIsReturnedButNeverCached() throws Exception {
    DatasetCache<String> westCache = west.dataset(profiles, ValueCodec.utf8());
    Row v1 = new Row("alice-v1", nowMicros());
    eastDb.put("alice", v1);
    westReplica.put("alice", v1);
    assertThat(westCache.getOrLoad("alice", this::loadFromWestReplica)).isEqualTo("alice-v1");
    assertThat(westCache.get("alice")).isEqualTo("alice-v1"); // cached

    eastWrites(profiles, "alice", "alice-v2"); // the replica does not have it yet
    await().atMost(AWAIT).until(() -> westHoldsTombstone(profiles, "alice"));

    // the reader misses, loads the old row from the lagging replica: served, not cached
    assertThat(westCache.getOrLoad("alice", this::loadFromWestReplica)).isEqualTo("alice-v1");
    assertThat(westHoldsTombstone(profiles, "alice")).isTrue();
    assertThat(westCache.getOrLoad("alice", this::loadFromWestReplica)).isEqualTo("alice-v1");
    assertNoZoneHolds(profiles, "alice", "alice-v1");
    assertThat(westCache.get("alice")).isNull();

    // the replica catches up: the next load is cached
    westReplica.put("alice", eastDb.get("alice"));
    assertThat(westCache.getOrLoad("alice", this::loadFromWestReplica)).isEqualTo("alice-v2");
    assertThat(westCache.get("alice")).isEqualTo("alice-v2");
    assertThat(fixture.inEveryZone(WEST, profiles + ":alice")).allSatisfy(e ->
        assertThat(e.version().timestampMicros()).isEqualTo(eastDb.get("alice").writeTimeMicros()));
  }

  @Test
  void aLoadThatStartedBeforeTheInvalidationCannotFillAfterIt() throws Exception {
    DatasetCache<String> westCache = west.dataset(profiles, ValueCodec.utf8());
    Row v1 = new Row("bob-v1", nowMicros());
    eastDb.put("bob", v1);
    westReplica.put("bob", v1);

    // the reader misses and starts loading v1; the load is slow
    CompletableFuture<Loaded<String>> slowLoad = new CompletableFuture<>();
    CompletableFuture<String> read = westCache.getOrLoadAsync("bob", key -> slowLoad);
    // meanwhile us-east-1 writes v2, and the invalidation reaches us-west-2
    eastWrites(profiles, "bob", "bob-v2");
    await().atMost(AWAIT).until(() -> westHoldsTombstone(profiles, "bob"));
    // now the slow load returns the old row and tries to fill
    slowLoad.complete(Loaded.of(v1.value(), v1.writeTimeMicros()));
    assertThat(read.get(30, TimeUnit.SECONDS)).isEqualTo("bob-v1");
    assertThat(westHoldsTombstone(profiles, "bob")).isTrue();
    assertNoZoneHolds(profiles, "bob", "bob-v1");
    Envelope tombstone = fixture.inEveryZone(WEST, profiles + ":bob").get(0);
    assertThat(tombstone.version()).isEqualTo(new Version(eastDb.get("bob").writeTimeMicros(), EAST));
  }

  @Test
  void anUnversionedLoaderWaitsOutTheHoldOffBeforeFilling() throws Exception {
    DatasetCache<String> westCache = west.dataset(unversioned, ValueCodec.utf8());
    westReplica.put("carol", new Row("carol-v1", nowMicros()));
    eastWrites(unversioned, "carol", "carol-v2");
    long invalidatedAt = eastDb.get("carol").writeTimeMicros();
    await().atMost(AWAIT).until(() -> westHoldsTombstone(unversioned, "carol"));

    // inside the hold-off a load of unknown age is served but not cached, even if the replica lags
    assertThat(westCache.getOrLoad("carol", key -> Loaded.unversioned(westReplica.get(key).value())))
        .isEqualTo("carol-v1");
    if (nowMicros() - invalidatedAt < 3_000_000) {
      assertThat(westHoldsTombstone(unversioned, "carol")).isTrue();
    }
    // the replica catches up within the hold-off; after it, a load fills
    westReplica.put("carol", eastDb.get("carol"));
    await().atMost(AWAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
      westCache.getOrLoad("carol", key -> Loaded.unversioned(westReplica.get(key).value()));
      return "carol-v2".equals(westCache.get("carol"));
    });
    assertThat(nowMicros() - invalidatedAt).isGreaterThanOrEqualTo(3_000_000);
    assertNoZoneHolds(unversioned, "carol", "carol-v1");
  }
}
