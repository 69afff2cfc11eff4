package dev.activeactive.evcache.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.activeactive.evcache.api.DatasetCache;
import dev.activeactive.evcache.api.DatasetConfig;
import dev.activeactive.evcache.api.ValueCodec;
import dev.activeactive.evcache.api.EVCacheException;
import dev.activeactive.evcache.api.Loaded;
import dev.activeactive.evcache.api.LocalWriteMode;
import dev.activeactive.evcache.api.ReadFallback;
import dev.activeactive.evcache.api.ReplicationPolicy;
import dev.activeactive.evcache.api.WriteCompletion;
import dev.activeactive.evcache.api.WriteResult;
import dev.activeactive.protocol.api.wire.Operation;
import dev.activeactive.protocol.api.wire.OperationType;
import dev.activeactive.protocol.api.version.Version;
import dev.activeactive.protocol.api.wire.Envelope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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

  // ---- finding 1: a write that may have landed is always followed by an invalidation ----

  /** Two zones, write completion ALL; zone b carries out writes but its answers time out. */
  private void zoneBIsAmbiguous(DatasetConfig dataset) {
    h = new ClientHarness(2, WriteCompletion.ALL, ReadFallback.ON_MISS_OR_ERROR, null,
        (i, zone) -> i == 1 ? new AmbiguousZoneStore(zone) : zone, dataset);
  }

  private Operation onlyPublished() {
    assertThat(h.publisher.published).hasSize(1);
    return h.publisher.published.get(0);
  }

  @ParameterizedTest
  @EnumSource(value = LocalWriteMode.class)
  void aSetThatTimesOutInAZoneIsFollowedByAnInvalidation(LocalWriteMode mode) {
    zoneBIsAmbiguous(DatasetConfig.builder("profiles").localWriteMode(mode).build());
    DatasetCache<String> profiles = cache("profiles");
    assertThatThrownBy(() -> profiles.set("alice", "v1")).isInstanceOf(EVCacheException.class)
        .hasMessageContaining("failed in 1 of 2 zones");
    // the value is in both zones (b answered too late): the other region must hear of it
    assertThat(h.stored(1, "profiles:alice")).isNotNull();
    Operation published = onlyPublished();
    assertThat(published.type()).isEqualTo(OperationType.INVALIDATE);
    assertThat(published.key()).isEqualTo("profiles:alice");
    assertThat(published.version()).isEqualTo(h.stored(0, "profiles:alice").version());
  }

  @Test
  void aReplicatingDatasetPublishesAnInvalidationNotTheValueOfAWriteThatFailed() {
    zoneBIsAmbiguous(DatasetConfig.builder("profiles").replication(ReplicationPolicy.REPLICATE).build());
    assertThatThrownBy(() -> cache("profiles").set("alice", "v1")).isInstanceOf(EVCacheException.class);
    assertThat(onlyPublished().type()).isEqualTo(OperationType.INVALIDATE);
    assertThat(h.publisher.released).hasValue(1); // the value's reservation was given back
  }

  @Test
  void aDeleteThatTimesOutInAZoneIsStillPublished() {
    zoneBIsAmbiguous(DatasetConfig.builder("profiles").build());
    DatasetCache<String> profiles = cache("profiles");
    assertThatThrownBy(() -> profiles.delete("alice")).isInstanceOf(EVCacheException.class);
    assertThat(onlyPublished().key()).isEqualTo("profiles:alice");
  }

  @Test
  void anAddThatTimesOutInAZoneIsStillPublished() {
    zoneBIsAmbiguous(DatasetConfig.builder("profiles").build());
    assertThatThrownBy(() -> cache("profiles").add("alice", "v1", null)).isInstanceOf(EVCacheException.class);
    assertThat(onlyPublished().key()).isEqualTo("profiles:alice");
  }

  @Test
  void aWriteStoredInOneZoneWhileTheOtherIsDownIsPublished() {
    h = new ClientHarness(2, WriteCompletion.ALL, ReadFallback.ON_MISS_OR_ERROR, null,
        DatasetConfig.builder("profiles").build());
    h.zone(1).down(true);
    assertThatThrownBy(() -> cache("profiles").set("alice", "v1")).isInstanceOf(EVCacheException.class);
    assertThat(h.stored(0, "profiles:alice")).isNotNull();
    assertThat(onlyPublished().type()).isEqualTo(OperationType.INVALIDATE);
  }

  // ---- finding 6: writes of one key from one client do not fight each other ----

  @Test
  void threeHundredConcurrentSetsOfOneKeyFromOneClientAllSucceedAndTheZonesAgree() {
    h = new ClientHarness(2, WriteCompletion.QUORUM, ReadFallback.ON_MISS_OR_ERROR, null,
        (i, zone) -> new LaggingZoneStore(zone), DatasetConfig.builder("hot").build());
    DatasetCache<String> hot = cache("hot");
    List<CompletableFuture<WriteResult>> writes = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      h.advance(Duration.ofNanos(1000)); // distinct versions, in issue order
      writes.add(hot.setAsync("k", "v" + i));
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
    assertThat(failures).as("writes failed for contention alone").isEmpty();
    for (int zone = 0; zone < 2; zone++) {
      assertThat(h.stored(zone, "hot:k").version().timestampMicros()).isEqualTo(newest);
      assertThat(new String(h.stored(zone, "hot:k").payload(), StandardCharsets.UTF_8)).isEqualTo("v299");
    }
    // the other regions hear of the newest write too
    assertThat(h.publisher.published.stream().mapToLong(op -> op.version().timestampMicros()).max())
        .hasValue(newest);
  }

  // ---- single-flight getOrLoad ----

  /** 50 threads miss one key at once; returns how many times the loader ran. */
  private int loadsInAMissStorm(boolean singleFlight) throws Exception {
    h = new ClientHarness(DatasetConfig.builder("herd").singleFlightLoads(singleFlight).build());
    DatasetCache<String> herd = cache("herd");
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch database = new CountDownLatch(1);
    List<Thread> callers = new ArrayList<>();
    List<String> seen = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 50; i++) {
      Thread t = new Thread(() -> seen.add(herd.getOrLoad("k", key -> {
        loads.incrementAndGet();
        database.await(30, TimeUnit.SECONDS); // the slow database query
        return Loaded.unversioned("from-db");
      })));
      callers.add(t);
      t.start();
    }
    // every caller is either in the loader or waiting for another caller's load
    await().atMost(Duration.ofSeconds(30)).until(() -> callers.stream()
        .allMatch(t -> t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING));
    database.countDown();
    for (Thread t : callers) {
      t.join(30_000);
    }
    assertThat(seen).hasSize(50).containsOnly("from-db");
    return loads.get();
  }

  @Test
  void concurrentMissesOfOneKeyShareOneLoad() throws Exception {
    assertThat(loadsInAMissStorm(true)).isEqualTo(1);
  }

  @Test
  void withoutSingleFlightEveryMissLoads() throws Exception {
    assertThat(loadsInAMissStorm(false)).isEqualTo(50);
  }

  @Test
  void aFailedSharedLoadFailsEveryWaiterAndTheNextMissLoadsAgain() {
    h = new ClientHarness(DatasetConfig.builder("herd").build());
    DatasetCache<String> herd = cache("herd");
    CompletableFuture<Loaded<String>> database = new CompletableFuture<>();
    AtomicInteger loads = new AtomicInteger();
    CompletableFuture<String> first = herd.getOrLoadAsync("k", key -> {
      loads.incrementAndGet();
      return database;
    });
    CompletableFuture<String> second = herd.getOrLoadAsync("k", key -> {
      loads.incrementAndGet();
      return database;
    });
    database.completeExceptionally(new IllegalStateException("db down"));
    assertThatThrownBy(first::join).hasRootCauseMessage("db down");
    assertThatThrownBy(second::join).hasRootCauseMessage("db down");
    assertThat(loads).hasValue(1);
    assertThat(herd.getOrLoadAsync("k", key -> CompletableFuture.completedFuture(Loaded.unversioned("v"))).join())
        .isEqualTo("v");
  }
}
