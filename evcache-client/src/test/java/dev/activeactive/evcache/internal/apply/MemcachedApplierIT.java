package dev.activeactive.evcache.internal.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.activeactive.evcache.internal.memcached.RawBytesTranscoder;
import dev.activeactive.evcache.internal.memcached.SpyCasStore;
import dev.activeactive.evcache.internal.version.MicrosClock;
import dev.activeactive.evcache.internal.version.Version;
import dev.activeactive.evcache.internal.wire.Envelope;
import dev.activeactive.evcache.internal.wire.EnvelopeCodec;
import dev.activeactive.evcache.internal.wire.Operation;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.RegionSandboxTest;
import dev.activeactive.sandbox.api.SandboxComponent;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.ConnectionFactoryBuilder.Protocol;
import net.spy.memcached.MemcachedClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link MemcachedApplier} against a real memcached of the sandbox, over both memcached protocols. */
@RegionSandboxTest(components = SandboxComponent.MEMCACHED)
class MemcachedApplierIT {

  private static final RawBytesTranscoder RAW = new RawBytesTranscoder();

  private final RegionSandbox sandbox;
  private final String prefix = "it" + UUID.randomUUID().toString().substring(0, 8);
  private MemcachedClient client;

  MemcachedApplierIT(RegionSandbox sandbox) {
    this.sandbox = sandbox;
  }

  @AfterEach
  void shutdown() {
    if (client != null) {
      client.shutdown();
    }
  }

  private MemcachedApplier applier(Protocol protocol) throws IOException {
    String region = sandbox.regionNames().get(0);
    client = new MemcachedClient(new ConnectionFactoryBuilder().setProtocol(protocol).build(),
        List.of(sandbox.region(region).zones().get(0).memcached()));
    SpyCasStore store = new SpyCasStore(client, RAW, Duration.ofSeconds(5));
    return new MemcachedApplier(store,
        dataset -> dataset.endsWith("plain") ? new DatasetApplyRules(30, true) : new DatasetApplyRules(30, false),
        MicrosClock.system(), 16);
  }

  private Envelope stored(String key) throws Exception {
    byte[] bytes = client.get(key, RAW);
    return bytes == null ? null : EnvelopeCodec.decode(bytes);
  }

  private static Version v(long micros, String region) {
    return new Version(micros, region);
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void conditionalApplyOnARealServer(Protocol protocol) throws Exception {
    MemcachedApplier applier = applier(protocol);
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

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void replacesAForeignValue(Protocol protocol) throws Exception {
    MemcachedApplier applier = applier(protocol);
    String key = prefix + ":foreign";
    client.set(key, 0, "written by a plain client").get();
    assertThat(applier.apply(Operation.delete(key, v(1, "r1"))).join()).isEqualTo(ApplyResult.STORED_TOMBSTONE);
    assertThat(stored(key).isTombstone()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void concurrentAppliersConvergeOnTheNewest(Protocol protocol) throws Exception {
    MemcachedApplier applier = applier(protocol);
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

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void fillKeepsAStaleLoadOut(Protocol protocol) throws Exception {
    MemcachedApplier applier = applier(protocol);
    String key = prefix + ":fill";
    applier.apply(Operation.invalidate(key, v(500, "r2"))).join();
    FillRequest stale = new FillRequest(key, new byte[] {1}, 0, 0, OptionalLong.of(400), 2_000_000, "r1");
    assertThat(applier.fill(stale).join()).isEqualTo(FillResult.SKIPPED_TOMBSTONE_NEWER);
    FillRequest fresh = new FillRequest(key, new byte[] {2}, 0, 0, OptionalLong.of(500), 2_000_000, "r1");
    assertThat(applier.fill(fresh).join()).isEqualTo(FillResult.FILLED);
    assertThat(stored(key).payload()).containsExactly(2);
    String absent = prefix + ":fill-absent";
    assertThat(applier.fill(new FillRequest(absent, new byte[] {3}, 0, 0, OptionalLong.empty(), 0, "r1")).join())
        .isEqualTo(FillResult.FILLED);
    assertThat(stored(absent).version()).isEqualTo(v(0, "r1"));
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void plainDeleteRemovesAnOlderItem(Protocol protocol) throws Exception {
    MemcachedApplier applier = applier(protocol);
    String key = prefix + "plain:k";
    applier.apply(Operation.replicate(key, v(1, "r1"), 0, 0, new byte[] {1})).join();
    assertThat(applier.apply(Operation.delete(key, v(2, "r1"))).join()).isEqualTo(ApplyResult.DELETED);
    assertThat(client.get(key, RAW)).isNull();
  }
}
