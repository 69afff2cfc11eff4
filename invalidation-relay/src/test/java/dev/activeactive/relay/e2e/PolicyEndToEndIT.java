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
import dev.activeactive.relay.api.InvalidationRelay;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.RegionSandboxTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Each replication policy end to end: a client writes in us-east-1, publishes to us-west-2's queue, the relay
 * there applies to both of us-west-2's zones, and a client in us-west-2 reads the result.
 */
@RegionSandboxTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolicyEndToEndIT {

  private static final Duration AWAIT = Duration.ofSeconds(60);

  private final String suffix = UUID.randomUUID().toString().substring(0, 8);
  private final String none = "none-" + suffix;
  private final String inv = "inv-" + suffix;
  private final String rep = "rep-" + suffix;
  private final String plain = "plain-" + suffix;
  private final String brief = "brief-" + suffix;
  private E2eFixture fixture;
  private EVCacheClient east;
  private EVCacheClient west;
  private InvalidationRelay westRelay;

  @BeforeAll
  void start(RegionSandbox sandbox) {
    E2eFixture.purgeQueues(sandbox);
    fixture = new E2eFixture(sandbox);
    DatasetConfig[] datasets = {
        DatasetConfig.builder(none).replication(ReplicationPolicy.NONE).build(),
        DatasetConfig.builder(inv).replication(ReplicationPolicy.INVALIDATE).build(),
        DatasetConfig.builder(rep).replication(ReplicationPolicy.REPLICATE).build(),
        DatasetConfig.builder(plain).replication(ReplicationPolicy.INVALIDATE).plainDeletes(true).build(),
        DatasetConfig.builder(brief).replication(ReplicationPolicy.INVALIDATE).tombstoneTtl(Duration.ofSeconds(2))
            .build()};
    east = fixture.client(EAST, true, datasets);
    west = fixture.client(WEST, false, datasets); // reads only here
    westRelay = fixture.relay(WEST);
  }

  @AfterAll
  void stop() {
    fixture.close();
  }

  private DatasetCache<String> eastCache(String dataset) {
    return east.dataset(dataset, ValueCodec.utf8());
  }

  private DatasetCache<String> westCache(String dataset) {
    return west.dataset(dataset, ValueCodec.utf8());
  }

  private void flush() throws Exception {
    east.flush().get(30, TimeUnit.SECONDS);
  }

  @Test
  void invalidateRemovesTheRemoteValue() throws Exception {
    westCache(inv).set("alice", "west-old");
    assertThat(westCache(inv).get("alice")).isEqualTo("west-old");
    WriteResult write = eastCache(inv).set("alice", "east-new");
    flush();
    await().atMost(AWAIT).until(() -> westCache(inv).get("alice") == null);
    // both zones hold the invalidation's tombstone, at the write's version
    Version version = new Version(write.versionMicros(), EAST);
    assertThat(fixture.inEveryZone(WEST, inv + ":alice"))
        .allSatisfy(e -> assertThat(e.isTombstone() && e.version().equals(version)).isTrue());
    assertThat(eastCache(inv).get("alice")).isEqualTo("east-new");
  }

  @Test
  void replicateDeliversTheValueWithItsExpiry() throws Exception {
    WriteResult write = eastCache(rep).set("bob", "replicated", Duration.ofSeconds(3));
    flush();
    await().atMost(AWAIT).until(() -> "replicated".equals(westCache(rep).get("bob")));
    List<Envelope> stored = fixture.inEveryZone(WEST, rep + ":bob");
    assertThat(stored).allSatisfy(e -> assertThat(e.version()).isEqualTo(new Version(write.versionMicros(), EAST)));
    // the absolute expiry travelled: the replicated copy expires with the original, not 3 s after it arrived
    // memcached expires in whole seconds, each server by its own once-a-second clock tick: "with the original"
    // means within a second of it, either way
    long[] goneAt = new long[2];
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
      long now = System.nanoTime();
      if (goneAt[0] == 0 && westCache(rep).get("bob") == null) {
        goneAt[0] = now;
      }
      if (goneAt[1] == 0 && eastCache(rep).get("bob") == null) {
        goneAt[1] = now;
      }
      return goneAt[0] != 0 && goneAt[1] != 0;
    });
    assertThat(Duration.ofNanos(Math.abs(goneAt[0] - goneAt[1]))).isLessThanOrEqualTo(Duration.ofMillis(1_100));

    eastCache(rep).set("carol", "long-lived", Duration.ofHours(1));
    flush();
    await().atMost(AWAIT).until(() -> "long-lived".equals(westCache(rep).get("carol")));
  }

  @Test
  void deletesPropagateUnderInvalidateAndReplicate() throws Exception {
    eastCache(rep).set("dave", "v");
    flush();
    await().atMost(AWAIT).until(() -> "v".equals(westCache(rep).get("dave")));
    eastCache(rep).delete("dave");
    westCache(inv).set("erin", "west-copy");
    eastCache(inv).delete("erin");
    flush();
    await().atMost(AWAIT).until(() -> westCache(rep).get("dave") == null && westCache(inv).get("erin") == null);
    assertThat(fixture.inEveryZone(WEST, rep + ":dave")).allSatisfy(e -> assertThat(e.isTombstone()).isTrue());
  }

  @Test
  void noneStaysLocal() throws Exception {
    westCache(none).set("frank", "west-only");
    eastCache(none).set("frank", "east-only");
    eastCache(none).delete("frank");
    // a marker published after them: once it is applied, anything published before would have been too
    long appliedBefore = westRelay.stats().operationsApplied();
    eastCache(inv).set("marker", "m");
    flush();
    await().atMost(AWAIT).until(() -> westRelay.stats().operationsApplied() > appliedBefore
        && fixture.inEveryZone(WEST, inv + ":marker").stream().allMatch(e -> e != null && e.isTombstone()));
    assertThat(westCache(none).get("frank")).isEqualTo("west-only");
  }

  /**
   * The relay is configured with queue and zones only (see {@link E2eFixture#relay}); it still applies each
   * dataset's removals the way the client's dataset is configured, because the rules travel in the message.
   */
  @Test
  void theRelayAppliesTheDatasetRulesTheClientPublished() throws Exception {
    westCache(plain).set("gina", "west-copy");
    eastCache(plain).delete("gina");
    eastCache(brief).delete("hank");
    flush();
    // well inside the 60 s a default tombstone would live, so only the published rules can pass
    Duration deadline = Duration.ofSeconds(20);
    // plain deletes: the key is gone, no tombstone left behind
    await().atMost(deadline).until(() -> fixture.inEveryZone(WEST, plain + ":gina").stream().allMatch(e -> e == null));
    // a 2 s tombstone: there once applied, and expired long before the 60 s default would let it
    await().atMost(deadline).until(() -> westRelay.stats().operationsApplied() > 0
        && fixture.inEveryZone(WEST, brief + ":hank").stream().allMatch(e -> e == null));
    assertThat(westRelay.config().toString()).doesNotContain(plain).doesNotContain(brief);
  }
}
