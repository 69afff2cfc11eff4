package dev.activeactive.evcache.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.activeactive.evcache.api.DatasetCache;
import dev.activeactive.evcache.api.DatasetConfig;
import dev.activeactive.evcache.api.EVCacheClient;
import dev.activeactive.evcache.api.EVCacheClientBuilder;
import dev.activeactive.evcache.api.EVCacheException;
import dev.activeactive.evcache.api.ReplicationPolicy;
import dev.activeactive.evcache.api.ValueCodec;
import dev.activeactive.evcache.api.WriteCompletion;
import dev.activeactive.evcache.api.ZoneConfig;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.RegionSandboxTest;
import dev.activeactive.sandbox.api.SandboxComponent;
import dev.activeactive.sandbox.api.ZoneEndpoint;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code build()} and the zones' connections, on the sandbox's real memcached (us-east-1's two zones). The client
 * reaches its zones directly, not over a WAN path, so the class needs no WAN profile ("none").
 */
@RegionSandboxTest(components = SandboxComponent.MEMCACHED, wan = "none")
class ClientStartIT {

  private final RegionSandbox sandbox;
  private final String dataset = "start-" + UUID.randomUUID().toString().substring(0, 8);

  ClientStartIT(RegionSandbox sandbox) {
    this.sandbox = sandbox;
  }

  private EVCacheClientBuilder builder() {
    EVCacheClientBuilder builder = EVCacheClient.builder().region("us-east-1")
        .dataset(DatasetConfig.builder(dataset).replication(ReplicationPolicy.NONE).build());
    for (ZoneEndpoint zone : sandbox.region("us-east-1").zones()) {
      builder.zone(ZoneConfig.of(zone.name(), zone.memcachedHostPort()));
    }
    return builder;
  }

  @Test
  void theFirstCommandsRightAfterBuildSucceed() {
    // before: spymemcached cancelled commands issued before its connection was up (FailureMode.Cancel)
    for (int round = 0; round < 20; round++) {
      try (EVCacheClient client = builder().build()) {
        DatasetCache<String> cache = client.dataset(dataset, ValueCodec.utf8());
        try {
          cache.set("k" + round, "v");
        } catch (EVCacheException e) {
          throw new AssertionError("round " + round + ": " + causes(e), e);
        }
        assertThat(cache.get("k" + round)).isEqualTo("v");
      }
    }
  }

  private static String causes(Throwable e) {
    StringBuilder chain = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      chain.append(t).append(" <- ");
    }
    return chain.toString();
  }

  @Test
  void buildReportsAZoneThatIsNotReachable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    EVCacheClientBuilder builder = builder().zone(ZoneConfig.of("us-east-1x", "127.0.0.1:" + closedPort))
        .writeCompletion(WriteCompletion.ALL).connectTimeout(Duration.ofMillis(500));
    assertThatThrownBy(builder::build).isInstanceOf(EVCacheException.class)
        .hasMessageContaining("us-east-1x").hasMessageContaining("127.0.0.1:" + closedPort)
        .hasMessageContaining("not connected within 500 ms");
  }

  @Test
  void aZoneTheCompletionPolicyCanDoWithoutDoesNotStopTheClient() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    // three zones, QUORUM needs two: the two reachable ones serve, the third is retried in the background
    try (EVCacheClient client = builder().zone(ZoneConfig.of("us-east-1x", "127.0.0.1:" + closedPort))
        .writeCompletion(WriteCompletion.QUORUM).connectTimeout(Duration.ofMillis(500)).build()) {
      DatasetCache<String> cache = client.dataset(dataset, ValueCodec.utf8());
      cache.set("q", "v");
      assertThat(cache.get("q")).isEqualTo("v");
    }
  }
}
