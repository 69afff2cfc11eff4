package dev.activeactive.evcache.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.activeactive.evcache.api.DatasetCache;
import dev.activeactive.evcache.api.DatasetConfig;
import dev.activeactive.evcache.api.EVCacheClient;
import dev.activeactive.evcache.api.EVCacheClientBuilder;
import dev.activeactive.evcache.api.EVCacheException;
import dev.activeactive.evcache.api.OverflowPolicy;
import dev.activeactive.evcache.api.PublisherConfig;
import dev.activeactive.evcache.api.ReadFallback;
import dev.activeactive.evcache.api.RemoteRegion;
import dev.activeactive.evcache.api.ReplicationPolicy;
import dev.activeactive.evcache.api.ValueCodec;
import dev.activeactive.evcache.api.WriteCompletion;
import dev.activeactive.evcache.api.WriteResult;
import dev.activeactive.evcache.api.ZoneConfig;
import dev.activeactive.protocol.api.version.Version;
import dev.activeactive.protocol.api.wire.Operation;
import dev.activeactive.protocol.api.wire.OperationType;
import dev.activeactive.sandbox.api.RegionEndpoints;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.RegionSandboxTest;
import dev.activeactive.sandbox.api.SandboxAws;
import dev.activeactive.sandbox.api.ZoneEndpoint;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client on the sandbox's real memcached (two zones) in us-east-1, publishing to the real (ElasticMQ) queue
 * of us-west-2 over the partitionable path between the regions. The queue is read here as the relay would read
 * it.
 */
@RegionSandboxTest
class EVCacheClientIT {

  private static final String EAST = "us-east-1";
  private static final String WEST = "us-west-2";
  private static final Duration AWAIT = Duration.ofSeconds(120); // generous: CI machines can be very loaded

  private final RegionSandbox sandbox;
  private final String suffix = UUID.randomUUID().toString().substring(0, 8);
  private final List<EVCacheClient> clients = new ArrayList<>();
  private RemoteQueue west;

  @TempDir
  Path tmp;

  EVCacheClientIT(RegionSandbox sandbox) {
    this.sandbox = sandbox;
  }

  @BeforeEach
  void purge() {
    west = new RemoteQueue(sandbox.region(WEST));
    west.purge();
  }

  @AfterEach
  void close() {
    clients.forEach(EVCacheClient::close);
    west.close();
  }

  private EVCacheClient client(Consumer<EVCacheClientBuilder> client, Consumer<PublisherConfig.Builder> publisher) {
    RegionEndpoints east = sandbox.region(EAST);
    RegionEndpoints westRegion = sandbox.region(WEST);
    EVCacheClientBuilder builder = EVCacheClient.builder().region(EAST);
    for (ZoneEndpoint zone : east.zones()) {
      builder.zone(ZoneConfig.of(zone.name(), zone.memcachedHostPort()));
    }
    PublisherConfig.Builder pub = PublisherConfig.builder()
        .remoteRegion(RemoteRegion.of(WEST, westRegion.queues().queueUrl(), westRegion.queueEndpointFrom(EAST))
            .withAwsRegion(westRegion.queues().awsRegion()))
        .credentials(SandboxAws.credentials())
        .requestTimeout(Duration.ofSeconds(3))
        .retryBackoff(Duration.ofMillis(50))
        .maxRetryBackoff(Duration.ofMillis(500));
    publisher.accept(pub);
    builder.publisher(pub.build());
    client.accept(builder);
    EVCacheClient built = builder.build();
    clients.add(built);
    return built;
  }

  private String name(String prefix) {
    return prefix + "-" + suffix;
  }

  @Test
  void eachPolicyPutsTheRightOperationsOnTheRemoteQueue() throws Exception {
    String none = name("none");
    String inv = name("inv");
    String rep = name("rep");
    EVCacheClient client = client(b -> b
        .dataset(DatasetConfig.builder(none).replication(ReplicationPolicy.NONE).build())
        .dataset(DatasetConfig.builder(inv).replication(ReplicationPolicy.INVALIDATE).build())
        .dataset(DatasetConfig.builder(rep).replication(ReplicationPolicy.REPLICATE).build()), p -> { });
    DatasetCache<String> noneCache = client.dataset(none, ValueCodec.utf8());
    DatasetCache<String> invCache = client.dataset(inv, ValueCodec.utf8());
    DatasetCache<String> repCache = client.dataset(rep, ValueCodec.utf8());

    long now = Instant.now().getEpochSecond();
    noneCache.set("a", "local only");
    noneCache.delete("a");
    WriteResult invSet = invCache.set("a", "1");
    WriteResult invDelete = invCache.delete("b");
    WriteResult repSet = repCache.set("a", "replicated", Duration.ofSeconds(600));
    WriteResult repDelete = repCache.delete("a");
    WriteResult repSet2 = repCache.set("c", "big".repeat(100_000)); // 300 kB: too big for a message
    client.flush().get(30, TimeUnit.SECONDS);

    Operation repDeleteOp = Operation.delete(rep + ":a", new Version(repDelete.versionMicros(), EAST));
    // too big for a message: published as an invalidation
    Operation repFallbackOp = Operation.invalidate(rep + ":c", new Version(repSet2.versionMicros(), EAST));
    await().atMost(AWAIT).until(() -> {
      west.poll();
      return west.operationsOf(inv).size() == 2 && west.operationsOf(rep).contains(repDeleteOp)
          && west.operationsOf(rep).contains(repFallbackOp);
    });
    // nothing else arrives (everything was flushed before the assertions)
    west.poll();
    assertThat(west.operationsOf(none)).isEmpty();
    assertThat(west.operationsOf(inv)).containsExactlyInAnyOrder(
        Operation.invalidate(inv + ":a", new Version(invSet.versionMicros(), EAST)),
        Operation.delete(inv + ":b", new Version(invDelete.versionMicros(), EAST)));
    // the set of "a" is there too, unless the packer coalesced it with the newer delete
    assertThat(west.operationsOf(rep)).hasSizeBetween(2, 3).allSatisfy(op -> {
      if (op.type() == OperationType.REPLICATE) {
        assertThat(op.version()).isEqualTo(new Version(repSet.versionMicros(), EAST));
      }
    });
    assertThat(west.messages()).allSatisfy(m -> assertThat(m.originRegion()).isEqualTo(EAST));

    // a REPLICATE carries the value and an absolute expiry
    WriteResult repSet3 = repCache.set("d", "value-d", Duration.ofSeconds(600));
    client.flush().get(30, TimeUnit.SECONDS);
    await().atMost(AWAIT).until(() -> {
      west.poll();
      return !west.operations(op -> op.key().equals(rep + ":d")).isEmpty();
    });
    Operation replicate = west.operations(op -> op.key().equals(rep + ":d")).get(0);
    assertThat(replicate.type()).isEqualTo(OperationType.REPLICATE);
    assertThat(replicate.version()).isEqualTo(new Version(repSet3.versionMicros(), EAST));
    assertThat(new String(replicate.value(), StandardCharsets.UTF_8)).isEqualTo("value-d");
    assertThat(replicate.expiryEpochSeconds()).isBetween(now + 600, now + 660);
    assertThat(repCache.get("d")).isEqualTo("value-d");
  }

  @Test
  void readsFallBackToTheOtherZoneWhileTheLocalMemcachedIsStopped() throws Exception {
    String ds = name("fallback");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    EVCacheClient one = client(b -> b.dataset(DatasetConfig.builder(ds).build())
        .writeCompletion(WriteCompletion.ONE).readFallback(ReadFallback.ON_MISS_OR_ERROR)
        .memcachedTimeout(Duration.ofMillis(500)).meterRegistry(registry), p -> { });
    EVCacheClient quorum = client(b -> b.dataset(DatasetConfig.builder(ds).build())
        .writeCompletion(WriteCompletion.QUORUM).memcachedTimeout(Duration.ofMillis(500)), p -> { });
    DatasetCache<String> cache = one.dataset(ds, ValueCodec.utf8());
    cache.set("k", "v");
    one.flush().get(30, TimeUnit.SECONDS);
    String localZone = sandbox.region(EAST).zones().get(0).name();

    sandbox.faults().stopMemcached(EAST, localZone);
    await().atMost(AWAIT).ignoreExceptions().until(() -> "v".equals(cache.get("k")));
    assertThat(registry.get("evcache.client.zone.fallbacks").tags("zone", localZone).counter().count())
        .isPositive();
    // ONE: a write succeeds with the other zone alone, and is published
    cache.set("k2", "v2");
    assertThat(cache.get("k2")).isEqualTo("v2");
    // QUORUM of two zones needs both: refused; the other zone stored it, so the other region is told to
    // invalidate (never sent the value of a write its caller was told failed)
    DatasetCache<String> strict = quorum.dataset(ds, ValueCodec.utf8());
    assertThatThrownBy(() -> strict.set("k3", "v3")).isInstanceOf(EVCacheException.class)
        .hasMessageContaining("QUORUM");
    one.flush().get(30, TimeUnit.SECONDS);
    quorum.flush().get(30, TimeUnit.SECONDS);
    await().atMost(AWAIT).until(() -> {
      west.poll();
      return west.operationsOf(ds).size() >= 3;
    });
    west.poll();
    assertThat(west.operationsOf(ds)).extracting(Operation::key)
        .containsExactlyInAnyOrder(ds + ":k", ds + ":k2", ds + ":k3");
    assertThat(west.operations(op -> op.key().equals(ds + ":k3")))
        .allSatisfy(op -> assertThat(op.type()).isEqualTo(OperationType.INVALIDATE));
  }

  @Test
  void anSqsOutageLosesNothingOperationsAreSpooledAndDeliveredAfterHeal() throws Exception {
    String ds = name("outage");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    EVCacheClient client = client(b -> b.dataset(DatasetConfig.builder(ds).build()).meterRegistry(registry),
        p -> p.spoolDirectory(tmp.resolve("spool")).overflowPolicy(OverflowPolicy.FAIL));
    DatasetCache<String> cache = client.dataset(ds, ValueCodec.utf8());

    sandbox.faults().partition(EAST, WEST);
    Set<String> written = new HashSet<>();
    long start = System.nanoTime();
    for (int i = 0; i < 500; i++) {
      cache.set("key-" + i, "value-" + i); // never waits for SQS
      written.add(ds + ":key-" + i);
    }
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(30);
    await().atMost(AWAIT).until(() -> registry.get("evcache.publisher.spooled.operations").counter().count()
        >= 500);
    assertThat(registry.get("evcache.publisher.spool.bytes").gauge().value()).isPositive();
    assertThat(registry.get("evcache.publisher.requests").tag("result", "failed").counter().count())
        .isPositive();
    west.poll();
    assertThat(west.operationsOf(ds)).isEmpty();

    sandbox.faults().heal(EAST, WEST);
    client.flush().get(60, TimeUnit.SECONDS);
    await().atMost(AWAIT).until(() -> {
      west.poll();
      return west.operationsOf(ds).stream().map(Operation::key).distinct().count() == 500;
    });
    assertThat(west.operationsOf(ds).stream().map(Operation::key).toList()).containsAll(written);
    assertThat(registry.get("evcache.publisher.queue.depth").gauge().value()).isZero();
  }
}
