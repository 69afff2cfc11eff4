package dev.activeactive.protocol.api.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.activeactive.protocol.api.version.MicrosClock;
import dev.activeactive.protocol.api.version.Version;
import dev.activeactive.protocol.api.wire.Envelope;
import dev.activeactive.protocol.api.wire.EnvelopeCodec;
import dev.activeactive.protocol.api.wire.Operation;
import dev.activeactive.protocol.api.zone.CasStore.CasItem;
import dev.activeactive.protocol.api.zone.RawBytesTranscoder;
import dev.activeactive.protocol.internal.memcached.SpyCommands;
import dev.activeactive.protocol.internal.memcached.SpyCasStore;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.RegionSandboxTest;
import dev.activeactive.sandbox.api.SandboxComponent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.ConnectionFactoryBuilder.Protocol;
import net.spy.memcached.DefaultHashAlgorithm;
import net.spy.memcached.FailureMode;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.internal.OperationFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link MemcachedApplier} and {@link SpyCasStore} against real memcached servers of the sandbox. */
@RegionSandboxTest(components = SandboxComponent.MEMCACHED)
class MemcachedApplierIT {

  private static final RawBytesTranscoder RAW = new RawBytesTranscoder();

  private final RegionSandbox sandbox;
  private final String prefix = "it" + UUID.randomUUID().toString().substring(0, 8);
  private MemcachedClient client;
  private SpyCasStore store;
  private SpyCommands commands;

  MemcachedApplierIT(RegionSandbox sandbox) {
    this.sandbox = sandbox;
  }

  @AfterEach
  void shutdown() {
    if (client != null) {
      client.shutdown();
    }
  }

  @AfterEach
  void closeDeadlines() {
    if (commands != null) {
      commands.close();
    }
  }

  private MemcachedApplier applier() throws IOException {
    String region = sandbox.regionNames().get(0);
    MemcachedApplier applier = applier(List.of(sandbox.region(region).zones().get(0).memcached()));
    awaitConnected(1);
    return applier;
  }

  /** A fail-fast client cancels what it is given before it has connected. */
  private void awaitConnected(int servers) {
    await().atMost(Duration.ofSeconds(10)).until(() -> client.getAvailableServers().size() == servers);
  }

  /** An applier over {@code servers} as one zone (keys spread over them by ketama, as a real zone does). */
  private MemcachedApplier applier(List<InetSocketAddress> servers) throws IOException {
    client = new MemcachedClient(new ConnectionFactoryBuilder()
        .setProtocol(Protocol.TEXT)
        .setLocatorType(ConnectionFactoryBuilder.Locator.CONSISTENT)
        .setHashAlg(DefaultHashAlgorithm.KETAMA_HASH)
        .setFailureMode(FailureMode.Cancel)
        .build(), servers);
    commands = new SpyCommands("it", client, Duration.ofSeconds(5), SpyCommands.DEFAULT_MAX_OUTSTANDING);
    store = new SpyCasStore(commands, RAW);
    return new MemcachedApplier(store,
        dataset -> dataset.endsWith("plain") ? new DatasetApplyRules(30, true) : new DatasetApplyRules(30, false),
        MicrosClock.system(), 16);
  }

  private Envelope stored(String key) throws Exception {
    byte[] bytes = client.get(key, RAW);
    return bytes == null ? null : EnvelopeCodec.decode(bytes);
  }

  /** Versions just before this test class started, {@code micros} apart: recent, as live traffic is. */
  private static final long BASE_MICROS = MicrosClock.system().nowMicros() - 1_000_000;

  private static Version v(long micros, String region) {
    return new Version(BASE_MICROS + micros, region);
  }

  @Test
  void conditionalApplyOnARealServer() throws Exception {
    MemcachedApplier applier = applier();
    String key = prefix + ":k";
    assertThat(applier.apply(Operation.replicate(key, v(10, "r1"), 0, 1, new byte[] {1})).join())
        .isEqualTo(ApplyResult.STORED_VALUE);
    assertThat(applier.apply(Operation.replicate(key, v(10, "r1"), 0, 1, new byte[] {1})).join())
        .isEqualTo(ApplyResult.DUPLICATE);
    assertThat(applier.apply(Operation.invalidate(key, v(20, "r2"))).join()).isEqualTo(ApplyResult.STORED_TOMBSTONE);
    assertThat(applier.apply(Operation.replicate(key, v(15, "r1"), 0, 1, new byte[] {2})).join())
        .isEqualTo(ApplyResult.STALE);
    assertThat(stored(key)).isEqualTo(Envelope.tombstone(v(20, "r2")));
    assertThat(applier.apply(Operation.replicate(key, v(21, "r1"), 0, 1, new byte[] {3})).join())
        .isEqualTo(ApplyResult.STORED_VALUE);
    assertThat(stored(key).payload()).containsExactly(3);
  }

  @Test
  void replacesAForeignValue() throws Exception {
    MemcachedApplier applier = applier();
    String key = prefix + ":foreign";
    client.set(key, 0, "written by a plain client").get();
    assertThat(applier.apply(Operation.delete(key, v(1, "r1"))).join()).isEqualTo(ApplyResult.STORED_TOMBSTONE);
    assertThat(stored(key).isTombstone()).isTrue();
  }

  @Test
  void concurrentAppliersConvergeOnTheNewest() throws Exception {
    MemcachedApplier applier = applier();
    String key = prefix + ":contended";
    List<Operation> ops = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Version version = v(1_000 + i, i % 2 == 0 ? "r1" : "r2");
      ops.add(i % 3 == 0 ? Operation.invalidate(key, version)
          : Operation.replicate(key, version, 0, 0, new byte[] {(byte) i}));
    }
    List<Operation> delivery = new ArrayList<>(ops);
    delivery.addAll(ops); // every operation twice
    Collections.shuffle(delivery, new java.util.Random(1));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<ApplyResult>> results = new ArrayList<>();
      for (Operation op : delivery) {
        results.add(CompletableFuture.supplyAsync(() -> applier.apply(op).join(), pool));
      }
      for (CompletableFuture<ApplyResult> result : results) {
        assertThat(result.join().isSettled()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    Operation newest = ops.get(ops.size() - 1);
    Envelope result = stored(key);
    assertThat(result.version()).isEqualTo(newest.version());
    assertThat(result.isTombstone()).isEqualTo(newest.type().removesKey());
  }

  @Test
  void fillKeepsAStaleLoadOut() throws Exception {
    MemcachedApplier applier = applier();
    String key = prefix + ":fill";
    applier.apply(Operation.invalidate(key, v(500, "r2"))).join();
    FillRequest stale = new FillRequest(key, new byte[] {1}, 0, 0, OptionalLong.of(v(400, "r1").timestampMicros()),
        2_000_000, "r1");
    assertThat(applier.fill(stale).join()).isEqualTo(FillResult.SKIPPED_TOMBSTONE_NEWER);
    FillRequest fresh = new FillRequest(key, new byte[] {2}, 0, 0, OptionalLong.of(v(500, "r1").timestampMicros()),
        2_000_000, "r1");
    assertThat(applier.fill(fresh).join()).isEqualTo(FillResult.FILLED);
    assertThat(stored(key).payload()).containsExactly(2);
    String absent = prefix + ":fill-absent";
    assertThat(applier.fill(new FillRequest(absent, new byte[] {3}, 0, 0, OptionalLong.empty(), 0, "r1")).join())
        .isEqualTo(FillResult.FILLED);
    assertThat(stored(absent).version()).isEqualTo(new Version(0, "r1")); // a fill without a version
  }

  @Test
  void plainDeleteRemovesAnOlderItem() throws Exception {
    MemcachedApplier applier = applier();
    String key = prefix + "plain:k";
    applier.apply(Operation.replicate(key, v(1, "r1"), 0, 0, new byte[] {1})).join();
    assertThat(applier.apply(Operation.delete(key, v(2, "r1"))).join()).isEqualTo(ApplyResult.DELETED);
    assertThat(client.get(key, RAW)).isNull();
  }

  @Test
  void applyAllOverTwoServersDecidesEveryKeyFromOneBatchedRead() throws Exception {
    // both zones' servers of one region as a single two-server zone, so the read is split by server
    String region = sandbox.regionNames().get(0);
    List<InetSocketAddress> servers = sandbox.region(region).zones().stream().map(zone -> zone.memcached()).toList();
    MemcachedApplier applier = applier(servers);
    awaitConnected(2);
    // long keys: 1,000 of them make request lines far longer than memcached's usual 2 KB line
    String longPrefix = prefix + ":" + "k".repeat(200) + ":";
    List<Operation> ops = new ArrayList<>();
    List<OperationFuture<Boolean>> seeds = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      String key = longPrefix + i;
      switch (i % 4) {
        case 0 -> { } // absent
        case 1 -> seeds.add(client.set(key, 0, EnvelopeCodec.encode(Envelope.value(v(50, "r1"), 0, new byte[] {0})),
            RAW)); // older
        case 2 -> seeds.add(client.set(key, 0, EnvelopeCodec.encode(Envelope.value(v(200, "r1"), 0, new byte[] {9})),
            RAW)); // newer
        default -> seeds.add(client.set(key, 0, "foreign")); // not an envelope
      }
      ops.add(i % 8 == 7 ? Operation.invalidate(key, v(100, "r2"))
          : Operation.replicate(key, v(100, "r2"), 0, 0, new byte[] {(byte) (i % 100)}));
    }
    for (OperationFuture<Boolean> seed : seeds) {
      assertThat(seed.get()).isTrue();
    }
    List<String> keys = ops.stream().map(Operation::key).toList();
    Map<String, CasItem> read = store.getsAll(keys).join();
    assertThat(read).hasSize(750);
    for (String key : keys) {
      CasItem single = store.gets(key).join();
      CasItem batched = read.get(key);
      if (single == null) {
        assertThat(batched).as(key).isNull();
      } else {
        assertThat(batched.cas()).as(key).isEqualTo(single.cas());
        assertThat(batched.bytes()).as(key).isEqualTo(single.bytes());
      }
    }

    List<ApplyResult> results = applier.applyAll(ops).join();

    assertThat(results).hasSize(ops.size());
    for (int i = 0; i < ops.size(); i++) {
      Envelope stored = stored(ops.get(i).key());
      boolean tombstone = i % 8 == 7;
      if (i % 4 == 2) {
        assertThat(results.get(i)).as("key %d", i).isEqualTo(ApplyResult.STALE);
        assertThat(stored.version()).isEqualTo(v(200, "r1"));
      } else {
        assertThat(results.get(i)).as("key %d", i)
            .isEqualTo(tombstone ? ApplyResult.STORED_TOMBSTONE : ApplyResult.STORED_VALUE);
        assertThat(stored.version()).isEqualTo(v(100, "r2"));
        assertThat(stored.isTombstone()).isEqualTo(tombstone);
      }
    }
  }

  @Test
  void applyAllAppliesRepeatsOfAKeyInOrderAndDuplicatesAreHarmless() throws Exception {
    MemcachedApplier applier = applier();
    String key = prefix + ":repeated";
    List<Operation> ops = List.of(
        Operation.replicate(key, v(10, "r1"), 0, 0, new byte[] {1}),
        Operation.replicate(key, v(30, "r1"), 0, 0, new byte[] {3}),
        Operation.replicate(key, v(20, "r1"), 0, 0, new byte[] {2}),
        Operation.replicate(key, v(30, "r1"), 0, 0, new byte[] {3}));

    assertThat(applier.applyAll(ops).join()).containsExactly(ApplyResult.STORED_VALUE, ApplyResult.STORED_VALUE,
        ApplyResult.STALE, ApplyResult.DUPLICATE);
    assertThat(stored(key).payload()).containsExactly(3);
  }

  @Test
  void batchedAndSingleAppliersRacingConvergeOnTheNewest() throws Exception {
    MemcachedApplier applier = applier();
    List<String> keys = List.of(prefix + ":race-a", prefix + ":race-b", prefix + ":race-c");
    List<Operation> ops = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      ops.add(Operation.replicate(keys.get(i % 3), v(1_000 + i, "r1"), 0, 0, new byte[] {(byte) i}));
    }
    List<Operation> delivery = new ArrayList<>(ops);
    delivery.addAll(ops);
    Collections.shuffle(delivery, new Random(7));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<Boolean>> settled = new ArrayList<>();
      for (int from = 0; from < delivery.size(); from += 10) {
        List<Operation> batch = delivery.subList(from, from + 10);
        boolean batched = (from / 10) % 2 == 0;
        settled.add(CompletableFuture.supplyAsync(() -> batched
            ? applier.applyAll(batch).join().stream().allMatch(ApplyResult::isSettled)
            : batch.stream().allMatch(op -> applier.apply(op).join().isSettled()), pool));
      }
      for (CompletableFuture<Boolean> done : settled) {
        assertThat(done.join()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    for (int k = 0; k < 3; k++) {
      assertThat(stored(keys.get(k)).version()).isEqualTo(v(1_000 + 297 + k, "r1"));
    }
  }

  @Test
  void aBatchedReadFromAServerThatIsDownFailsInsteadOfHanging() throws Exception {
    InetSocketAddress nobody;
    try (ServerSocket socket = new ServerSocket(0)) {
      nobody = new InetSocketAddress("127.0.0.1", socket.getLocalPort());
    }
    applier(List.of(nobody));
    CompletableFuture<Map<String, CasItem>> read = store.getsAll(List.of(prefix + ":a", prefix + ":b"));

    assertThatThrownBy(() -> read.get(10, java.util.concurrent.TimeUnit.SECONDS))
        .isInstanceOf(java.util.concurrent.ExecutionException.class);
  }
}
