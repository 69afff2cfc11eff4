package dev.activeactive.evcache.internal.client;

import static dev.activeactive.evcache.internal.client.ClientHarness.REGION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.activeactive.evcache.api.DatasetCache;
import dev.activeactive.evcache.api.DatasetConfig;
import dev.activeactive.evcache.api.EVCacheException;
import dev.activeactive.evcache.api.Loaded;
import dev.activeactive.evcache.api.LocalWriteMode;
import dev.activeactive.evcache.api.PublishOverflowException;
import dev.activeactive.evcache.api.ReadFallback;
import dev.activeactive.evcache.api.ReplicationPolicy;
import dev.activeactive.evcache.api.ValueCodec;
import dev.activeactive.evcache.api.WriteCompletion;
import dev.activeactive.evcache.api.WriteOptions;
import dev.activeactive.evcache.api.WriteResult;
import dev.activeactive.protocol.api.version.Version;
import dev.activeactive.protocol.api.wire.Envelope;
import dev.activeactive.protocol.api.wire.Operation;
import dev.activeactive.protocol.api.wire.OperationType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EVCacheClientTest {

  private ClientHarness h;

  @AfterEach
  void close() {
    if (h != null) {
      h.close();
    }
  }

  private static DatasetConfig.Builder dataset(String name) {
    return DatasetConfig.builder(name);
  }

  private DatasetCache<String> cache(ClientHarness harness, String name) {
    return harness.client.dataset(name, ValueCodec.utf8());
  }

  private static Envelope value(long micros, String region, String payload) {
    return Envelope.value(new Version(micros, region), 0, payload.getBytes(StandardCharsets.UTF_8));
  }

  // ---- basic operations, keys, envelopes ----

  @Test
  void setStoresAVersionedEnvelopeInEveryZoneAndGetReadsIt() {
    h = new ClientHarness(dataset("profiles").build());
    DatasetCache<String> profiles = cache(h, "profiles");
    WriteResult result = profiles.set("alice", "v1", Duration.ofMinutes(5));
    assertThat(result.superseded()).isFalse();
    for (int zone = 0; zone < 2; zone++) {
      Envelope e = h.stored(zone, "profiles:alice");
      assertThat(e.isTombstone()).isFalse();
      assertThat(e.version()).isEqualTo(new Version(result.versionMicros(), REGION));
      assertThat(new String(e.payload(), StandardCharsets.UTF_8)).isEqualTo("v1");
    }
    assertThat(profiles.get("alice")).isEqualTo("v1");
    assertThat(profiles.get("bob")).isNull();
    assertThat(h.client.dataset("profiles").get("alice")).isEqualTo("v1".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void invalidKeysAreRefusedBeforeAnythingIsSent() {
    h = new ClientHarness(dataset("profiles").build(), dataset("hashed").keyHashing(true).build());
    DatasetCache<String> profiles = cache(h, "profiles");
    int before = h.zone(0).commands();
    assertThatThrownBy(() -> profiles.set("has space", "v")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("profiles").hasMessageNotContaining("has space");
    assertThatThrownBy(() -> profiles.setAsync("x".repeat(300), "v")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key hashing");
    assertThatThrownBy(() -> profiles.getAsync("tab\there")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> profiles.delete("")).isInstanceOf(IllegalArgumentException.class);
    assertThat(h.zone(0).commands()).isEqualTo(before);
    assertThat(h.publisher.reserved).hasValue(0);
    // a dataset that hashes keys accepts them
    DatasetCache<String> hashed = cache(h, "hashed");
    hashed.set("has space", "v");
    assertThat(hashed.get("has space")).isEqualTo("v");
  }

  @Test
  void aValueLargerThanAMemcachedItemIsRefusedClearly() {
    h = new ClientHarness(dataset("blobs").build());
    DatasetCache<byte[]> blobs = h.client.dataset("blobs");
    assertThatThrownBy(() -> blobs.set("big", new byte[1024 * 1024])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1048576 bytes").hasMessageContaining("does not fit into a memcached item");
    assertThat(h.zone(0).commands()).isZero();
    assertThat(h.publisher.reserved).hasValue(0);
    blobs.set("fits", new byte[1_000_000]);
  }

  @Test
  void unknownDatasetsAndNullsAreRefused() {
    h = new ClientHarness(dataset("profiles").build());
    assertThatThrownBy(() -> h.client.dataset("nope")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("profiles");
    assertThatThrownBy(() -> cache(h, "profiles").set("k", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> cache(h, "profiles").set("k", "v", Duration.ofMillis(500)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- policies ----

  @Test
  void noneLocalOnlyPublishesNothingNotEvenDeletes() {
    h = new ClientHarness(dataset("local").replication(ReplicationPolicy.NONE).build());
    DatasetCache<String> local = cache(h, "local");
    local.set("k", "v");
    local.delete("k");
    assertThat(h.publisher.published).isEmpty();
  }

  @Test
  void invalidatePublishesAnInvalidationWithTheWritesVersionAndDeletesAsDeletes() {
    h = new ClientHarness(dataset("inv").replication(ReplicationPolicy.INVALIDATE).build());
    DatasetCache<String> inv = cache(h, "inv");
    WriteResult set = inv.set("k", "v");
    WriteResult delete = inv.delete("k");
    assertThat(h.publisher.published).containsExactly(
        Operation.invalidate("inv:k", new Version(set.versionMicros(), REGION)),
        Operation.delete("inv:k", new Version(delete.versionMicros(), REGION)));
  }

  @Test
  void replicatePublishesTheValueWithAnAbsoluteExpiry() {
    h = new ClientHarness(dataset("rep").replication(ReplicationPolicy.REPLICATE).build());
    DatasetCache<String> rep = cache(h, "rep");
    WriteResult set = rep.set("k", "value", Duration.ofSeconds(600));
    Operation op = h.publisher.published.get(0);
    assertThat(op.type()).isEqualTo(OperationType.REPLICATE);
    assertThat(op.version()).isEqualTo(new Version(set.versionMicros(), REGION));
    assertThat(op.expiryEpochSeconds()).isEqualTo(h.nowMicros.get() / 1_000_000 + 600);
    assertThat(new String(op.value(), StandardCharsets.UTF_8)).isEqualTo("value");
    rep.set("forever", "v", Duration.ZERO);
    assertThat(h.publisher.published.get(1).expiryEpochSeconds()).isZero();
    rep.delete("k");
    assertThat(h.publisher.published.get(2).type()).isEqualTo(OperationType.DELETE);
  }

  @Test
  void anExplicitVersionIsUsedAndMovesTheClock() {
    h = new ClientHarness(dataset("rep").replication(ReplicationPolicy.REPLICATE).build());
    DatasetCache<String> rep = cache(h, "rep");
    long dbWriteTime = h.nowMicros.get() + 5_000_000;
    assertThat(rep.set("k", "v", null, WriteOptions.version(dbWriteTime)).versionMicros()).isEqualTo(dbWriteTime);
    assertThat(h.stored(0, "rep:k").version()).isEqualTo(new Version(dbWriteTime, REGION));
    assertThat(rep.set("k2", "v").versionMicros()).isGreaterThan(dbWriteTime);
  }

  /**
   * An explicit version beyond now plus maxClockSkew (60 s here) would beat every later write and delete in every
   * region; nanoseconds instead of microseconds is the usual mistake. It is refused before anything is written.
   */
  @Test
  void anExplicitVersionBeyondTheSkewBoundIsRefused() {
    h = new ClientHarness(dataset("rep").replication(ReplicationPolicy.REPLICATE).build());
    DatasetCache<String> rep = cache(h, "rep");
    long nanos = h.nowMicros.get() * 1_000;
    long justPast = h.nowMicros.get() + 61_000_000;
    for (long version : new long[] {nanos, justPast}) {
      assertThatThrownBy(() -> rep.set("k", "v", null, WriteOptions.version(version)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("maxClockSkew")
          .hasMessageContaining("microseconds");
    }
    assertThat(h.stored(0, "rep:k")).isNull();
    assertThat(h.publisher.published).isEmpty();
    long withinBound = h.nowMicros.get() + 59_000_000;
    assertThat(rep.set("k", "v", null, WriteOptions.version(withinBound)).versionMicros()).isEqualTo(withinBound);
  }

  // ---- local write correctness ----

  @Test
  void aConditionalSetNeverOverwritesANewerVersionFromAnotherRegion() {
    h = new ClientHarness(dataset("profiles").build());
    DatasetCache<String> profiles = cache(h, "profiles");
    // the relay applied a write from us-west-2 whose clock runs 10 s ahead
    Envelope remote = value(h.nowMicros.get() + 10_000_000, "us-west-2", "remote");
    h.storeEverywhere("profiles:alice", remote);
    WriteResult result = profiles.set("alice", "local");
    assertThat(result.superseded()).isTrue();
    assertThat(h.stored(0, "profiles:alice")).isEqualTo(remote);
    assertThat(h.stored(1, "profiles:alice")).isEqualTo(remote);
    // still published: the remote region applies it only if newer, which it is not
    assertThat(h.publisher.published).hasSize(1);
  }

  @Test
  void anUnconditionalSetOverwritesWhateverIsStored() {
    h = new ClientHarness(dataset("fast").localWriteMode(LocalWriteMode.UNCONDITIONAL).build());
    DatasetCache<String> fast = cache(h, "fast");
    h.storeEverywhere("fast:k", value(h.nowMicros.get() + 10_000_000, "us-west-2", "remote"));
    WriteResult result = fast.set("k", "local", Duration.ofSeconds(30));
    assertThat(result.superseded()).isFalse();
    assertThat(new String(h.stored(0, "fast:k").payload(), StandardCharsets.UTF_8)).isEqualTo("local");
    assertThat(h.zone(0).item("fast:k").expiry()).isEqualTo(30);
  }

  @Test
  void aDeleteLeavesATombstoneThatKeepsOlderWritesOut() {
    h = new ClientHarness(dataset("profiles").build());
    DatasetCache<String> profiles = cache(h, "profiles");
    long before = h.nowMicros.get();
    profiles.set("k", "v");
    WriteResult delete = profiles.delete("k");
    Envelope tombstone = h.stored(0, "profiles:k");
    assertThat(tombstone.isTombstone()).isTrue();
    assertThat(tombstone.version().timestampMicros()).isEqualTo(delete.versionMicros());
    assertThat(h.zone(0).item("profiles:k").expiry()).isEqualTo(60); // the dataset's tombstone TTL
    assertThat(profiles.get("k")).isNull();
    // a late write carrying an older database timestamp does not resurrect the key
    assertThat(profiles.set("k", "old", null, WriteOptions.version(before)).superseded()).isTrue();
    assertThat(profiles.get("k")).isNull();
  }

  @Test
  void plainDeleteDatasetsRemoveTheKey() {
    h = new ClientHarness(dataset("plain").plainDeletes(true).build());
    DatasetCache<String> plain = cache(h, "plain");
    plain.set("k", "v");
    plain.delete("k");
    assertThat(h.zone(0).item("plain:k")).isNull();
  }

  @Test
  void aFailedLocalWriteIsPublishedOnlyAsAnInvalidation() {
    // a zone that fails may have carried the command out: the other regions hear an invalidation, never the value
    h = new ClientHarness(dataset("inv").build(), dataset("rep").replication(ReplicationPolicy.REPLICATE).build());
    h.zone(0).down(true);
    h.zone(1).down(true);
    DatasetCache<String> inv = cache(h, "inv");
    assertThatThrownBy(() -> inv.set("k", "v")).isInstanceOf(EVCacheException.class)
        .hasMessageContaining("write completion ALL needs 2");
    assertThatThrownBy(() -> inv.delete("k")).isInstanceOf(EVCacheException.class);
    assertThatThrownBy(() -> cache(h, "rep").set("k", "v")).isInstanceOf(EVCacheException.class);
    assertThat(h.publisher.published).extracting(Operation::type)
        .containsExactly(OperationType.INVALIDATE, OperationType.DELETE, OperationType.INVALIDATE);
    assertThat(h.publisher.released).hasValue(1); // the replicated value's room
  }

  @Test
  void aFullPublishBufferRefusesTheWriteBeforeItIsWritten() {
    h = new ClientHarness(dataset("inv").build());
    h.publisher.full = true;
    assertThatThrownBy(() -> cache(h, "inv").setAsync("k", "v")).isInstanceOf(PublishOverflowException.class);
    assertThat(h.zone(0).item("inv:k")).isNull();
  }

  // ---- zones ----

  @ParameterizedTest
  @EnumSource(WriteCompletion.class)
  void writeCompletionWithOneOfThreeZonesDown(WriteCompletion completion) {
    h = new ClientHarness(3, completion, ReadFallback.ON_MISS_OR_ERROR, null, dataset("inv").build());
    h.zone(1).down(true);
    DatasetCache<String> inv = cache(h, "inv");
    if (completion == WriteCompletion.ALL) {
      assertThatThrownBy(() -> inv.set("k", "v")).isInstanceOf(EVCacheException.class)
          .hasMessageContaining("ALL needs 3");
      // stored in two zones: the other regions must drop their copies
      assertThat(h.publisher.published).extracting(Operation::type).containsExactly(OperationType.INVALIDATE);
    } else {
      inv.set("k", "v");
      assertThat(h.publisher.published).hasSize(1);
    }
    assertThat(h.stored(0, "inv:k")).isNotNull();
    assertThat(h.stored(2, "inv:k")).isNotNull();
  }

  @Test
  void quorumOfThreeFailsWhenTwoZonesAreDown() {
    h = new ClientHarness(3, WriteCompletion.QUORUM, ReadFallback.ON_MISS_OR_ERROR, null, dataset("inv").build());
    h.zone(0).down(true);
    h.zone(2).down(true);
    assertThatThrownBy(() -> cache(h, "inv").set("k", "v")).isInstanceOf(EVCacheException.class);
    h.zone(2).down(false);
    cache(h, "inv").set("k", "v");
  }

  @Test
  void readsFallBackOnMissAndOnError() {
    h = new ClientHarness(dataset("d").build());
    DatasetCache<String> d = cache(h, "d");
    h.zone(1).put("d:only-b", bytes(value(1, "us-west-2", "from-b")), 0);
    assertThat(d.get("only-b")).isEqualTo("from-b");
    h.zone(0).down(true);
    assertThat(d.get("only-b")).isEqualTo("from-b");
    assertThat(d.get("nowhere")).isNull();
    h.zone(1).down(true);
    assertThatThrownBy(() -> d.get("only-b")).isInstanceOf(EVCacheException.class)
        .hasMessageContaining("failed in every zone");
  }

  @Test
  void aTombstoneAnswersWithoutFallingBack() {
    h = new ClientHarness(dataset("d").build());
    h.zone(0).put("d:k", bytes(Envelope.tombstone(new Version(2, "us-west-2"))), 0);
    h.zone(1).put("d:k", bytes(value(1, "us-west-2", "stale")), 0);
    assertThat(cache(h, "d").get("k")).isNull();
  }

  @Test
  void onErrorFallbackDoesNotFallBackOnAMissAndNoneNeverFallsBack() {
    h = new ClientHarness(2, WriteCompletion.ALL, ReadFallback.ON_ERROR, null, dataset("d").build());
    h.zone(1).put("d:k", bytes(value(1, "us-west-2", "b")), 0);
    assertThat(cache(h, "d").get("k")).isNull();
    h.zone(0).down(true);
    assertThat(cache(h, "d").get("k")).isEqualTo("b");
    h.close();
    h = new ClientHarness(2, WriteCompletion.ALL, ReadFallback.NONE, null, dataset("d").build());
    h.zone(1).put("d:k", bytes(value(1, "us-west-2", "b")), 0);
    h.zone(0).down(true);
    assertThatThrownBy(() -> cache(h, "d").get("k")).isInstanceOf(EVCacheException.class);
  }

  @Test
  void getBulkFallsBackForTheKeysTheLocalZoneLacks() {
    h = new ClientHarness(dataset("d").build());
    DatasetCache<String> d = cache(h, "d");
    d.set("a", "1");
    h.zone(1).put("d:b", bytes(value(1, "us-west-2", "2")), 0);
    h.zone(0).put("d:c", bytes(Envelope.tombstone(new Version(5, "us-west-2"))), 0);
    h.zone(1).put("d:c", bytes(value(1, "us-west-2", "stale")), 0);
    assertThat(d.getBulk(List.of("a", "b", "c", "x"))).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b",
        "2"));
    h.zone(0).down(true);
    assertThat(d.getBulk(List.of("a", "b"))).containsOnlyKeys("a", "b");
  }

  // ---- add, touch ----

  @Test
  void addStoresOnlyWhereTheKeyHoldsNothingNewer() {
    h = new ClientHarness(dataset("inv").build());
    DatasetCache<String> inv = cache(h, "inv");
    assertThat(inv.add("k", "first", Duration.ofSeconds(10))).isTrue();
    assertThat(inv.add("k", "second", Duration.ofSeconds(10))).isFalse();
    assertThat(inv.get("k")).isEqualTo("first");
    inv.delete("k");
    assertThat(inv.add("k", "after-delete", Duration.ofSeconds(10))).isTrue();
    assertThat(inv.get("k")).isEqualTo("after-delete");
    // a tombstone from the future (a remote clock ahead) wins over this add
    h.storeEverywhere("inv:j", Envelope.tombstone(new Version(h.nowMicros.get() + 5_000_000, "us-west-2")));
    assertThat(inv.add("j", "v", Duration.ofSeconds(10))).isFalse();
    assertThat(h.publisher.published.stream().filter(op -> op.type() == OperationType.INVALIDATE)).hasSize(2);
  }

  @Test
  void touchChangesTheExpiryOnly() {
    h = new ClientHarness(dataset("d").build());
    DatasetCache<String> d = cache(h, "d");
    d.set("k", "v", Duration.ofSeconds(10));
    byte[] before = h.zone(0).item("d:k").bytes();
    assertThat(d.touch("k", Duration.ofSeconds(99))).isTrue();
    assertThat(h.zone(0).item("d:k").expiry()).isEqualTo(99);
    assertThat(h.zone(0).item("d:k").bytes()).isEqualTo(before);
    assertThat(d.touch("absent", Duration.ofSeconds(99))).isFalse();
  }

  // ---- clock ----

  @Test
  void readingANewerRemoteValueMovesTheClockSoTheNextWriteWins() {
    h = new ClientHarness(dataset("d").build());
    DatasetCache<String> d = cache(h, "d");
    long ahead = h.nowMicros.get() + 3_000_000;
    h.storeEverywhere("d:k", value(ahead, "us-west-2", "remote"));
    assertThat(d.get("k")).isEqualTo("remote");
    WriteResult mine = d.set("k", "mine");
    assertThat(mine.versionMicros()).isGreaterThan(ahead);
    assertThat(mine.superseded()).isFalse();
    assertThat(d.get("k")).isEqualTo("mine");
  }

  // ---- near cache ----

  @Test
  void theNearCacheServesRepeatedReadsAndFollowsLocalWrites() {
    h = new ClientHarness(dataset("n").nearCache(dev.activeactive.evcache.api.NearCacheConfig.of(100,
        Duration.ofMinutes(5))).build());
    DatasetCache<String> n = cache(h, "n");
    n.set("k", "v1");
    int commands = h.zone(0).commands();
    assertThat(n.get("k")).isEqualTo("v1");
    assertThat(h.zone(0).commands()).isEqualTo(commands); // served from the near cache
    n.set("k", "v2");
    assertThat(n.get("k")).isEqualTo("v2");
    n.delete("k");
    assertThat(n.get("k")).isNull();
    // a write by another process is not seen until the near entry expires (the documented bound)
    h.storeEverywhere("n:other", value(1, "us-west-2", "r1"));
    assertThat(n.get("other")).isEqualTo("r1");
    h.storeEverywhere("n:other", value(2, "us-west-2", "r2"));
    assertThat(n.get("other")).isEqualTo("r1");
    // another codec on the same dataset decodes the near cache's bytes
    assertThat(h.client.dataset("n").get("other")).isEqualTo("r1".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theNearCacheNeverGoesBackToAnOlderVersion() {
    h = new ClientHarness(dataset("n").nearCache(dev.activeactive.evcache.api.NearCacheConfig.of(100,
        Duration.ofMinutes(5))).build());
    DatasetCache<String> n = cache(h, "n");
    WriteResult newer = n.set("k", "new");
    // a stale copy in a zone (read before the write) must not replace the near entry
    h.zone(0).put("n:k", bytes(value(newer.versionMicros() - 1, REGION, "old")), 0);
    assertThat(n.get("k")).isEqualTo("new");
  }

  // ---- getOrLoad ----

  @Test
  void getOrLoadLoadsOnAMissFillsAndThenHits() {
    h = new ClientHarness(dataset("d").build());
    DatasetCache<String> d = cache(h, "d");
    AtomicInteger loads = new AtomicInteger();
    assertThat(d.getOrLoad("k", key -> {
      loads.incrementAndGet();
      return Loaded.of("db-" + key, 42);
    })).isEqualTo("db-k");
    assertThat(h.stored(0, "d:k").version()).isEqualTo(new Version(42, REGION));
    assertThat(h.stored(1, "d:k")).isNotNull();
    assertThat(d.getOrLoad("k", key -> {
      loads.incrementAndGet();
      return Loaded.of("again", 43);
    })).isEqualTo("db-k");
    assertThat(loads).hasValue(1);
    assertThat(d.getOrLoad("missing", key -> Loaded.notFound())).isNull();
    assertThat(h.zone(0).item("d:missing")).isNull();
    assertThatThrownBy(() -> d.getOrLoad("boom", key -> {
      throw new IllegalStateException("db down");
    })).isInstanceOf(EVCacheException.class).hasRootCauseMessage("db down");
  }

  @Test
  void getOrLoadNeverFillsDataOlderThanAnInvalidation() {
    h = new ClientHarness(dataset("d").build());
    DatasetCache<String> d = cache(h, "d");
    long dbV1 = h.nowMicros.get() - 10_000_000;
    long dbV2 = h.nowMicros.get() - 1_000;
    // the invalidation of v2 arrived from us-west-2 before the local database replica has v2
    h.storeEverywhere("d:k", Envelope.tombstone(new Version(dbV2, "us-west-2")));
    assertThat(d.getOrLoad("k", key -> Loaded.of("v1", dbV1))).isEqualTo("v1"); // returned, not cached
    assertThat(h.stored(0, "d:k").isTombstone()).isTrue();
    assertThat(h.stored(1, "d:k").isTombstone()).isTrue();
    // the replica caught up
    assertThat(d.getOrLoad("k", key -> Loaded.of("v2", dbV2))).isEqualTo("v2");
    assertThat(new String(h.stored(0, "d:k").payload(), StandardCharsets.UTF_8)).isEqualTo("v2");
    assertThat(d.get("k")).isEqualTo("v2");
  }

  @Test
  void getOrLoadWithoutAVersionWaitsOutTheHoldOff() {
    h = new ClientHarness(dataset("d").fillHoldOff(Duration.ofSeconds(2)).build());
    DatasetCache<String> d = cache(h, "d");
    d.set("k", "v");
    d.delete("k");
    assertThat(d.getOrLoad("k", key -> Loaded.unversioned("maybe-stale"))).isEqualTo("maybe-stale");
    assertThat(h.stored(0, "d:k").isTombstone()).isTrue();
    h.advance(Duration.ofMillis(2500));
    assertThat(d.getOrLoad("k", key -> Loaded.unversioned("fresh"))).isEqualTo("fresh");
    assertThat(d.get("k")).isEqualTo("fresh");
    // a fill never replaces a value
    assertThat(h.stored(0, "d:k").isTombstone()).isFalse();
  }

  @Test
  void getOrLoadAsyncUsesTheSameRules() {
    h = new ClientHarness(dataset("d").build());
    DatasetCache<String> d = cache(h, "d");
    h.storeEverywhere("d:k", Envelope.tombstone(new Version(100, "us-west-2")));
    assertThat(d.getOrLoadAsync("k", key -> java.util.concurrent.CompletableFuture.completedFuture(
        Loaded.of("old", 99))).join()).isEqualTo("old");
    assertThat(h.stored(0, "d:k").isTombstone()).isTrue();
    assertThat(d.getOrLoadAsync("k", key -> java.util.concurrent.CompletableFuture.completedFuture(
        Loaded.of("new", 100))).join()).isEqualTo("new");
    assertThat(d.get("k")).isEqualTo("new");
  }

  // ---- metrics ----

  @Test
  void metersCountHitsMissesErrorsAndFallbacksPerDatasetAndOperation() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    h = new ClientHarness(2, WriteCompletion.ALL, ReadFallback.ON_MISS_OR_ERROR, registry, dataset("d").build());
    DatasetCache<String> d = cache(h, "d");
    d.set("k", "v");
    d.get("k");
    d.get("absent");
    d.getOrLoad("loaded", key -> Loaded.of("x", 1));
    h.zone(0).down(true);
    d.get("k");
    assertThatThrownBy(() -> d.set("k", "v2")).isInstanceOf(EVCacheException.class);
    assertThat(registry.get("evcache.client.hits").tags("dataset", "d", "operation", "get").counter().count())
        .isEqualTo(2);
    assertThat(registry.get("evcache.client.misses").tags("dataset", "d", "operation", "get").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("evcache.client.misses").tags("dataset", "d", "operation", "getOrLoad").counter()
        .count()).isEqualTo(1);
    assertThat(registry.get("evcache.client.latency").tags("dataset", "d", "operation", "set").timer().count())
        .isEqualTo(2);
    assertThat(registry.get("evcache.client.errors").tags("dataset", "d", "operation", "set").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("evcache.client.zone.fallbacks").tags("zone", "us-east-1a", "operation", "get")
        .counter().count()).isEqualTo(3); // the misses of "absent" and "loaded", and the error
    assertThat(registry.get("evcache.client.fills").tags("result", "filled").counter().count()).isEqualTo(2);
  }

  private static byte[] bytes(Envelope e) {
    return dev.activeactive.protocol.api.wire.EnvelopeCodec.encode(e);
  }
}
