package dev.activeactive.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import net.spy.memcached.AddrUtil;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.FailureMode;
import net.spy.memcached.MemcachedClient;
import org.junit.jupiter.api.Test;

@RegionSandboxTest(components = SandboxComponent.MEMCACHED)
class MemcachedZonesIT {

  private static MemcachedClient clientFor(ZoneEndpoint zone) throws Exception {
    return new MemcachedClient(new ConnectionFactoryBuilder()
        .setFailureMode(FailureMode.Retry)
        .setOpTimeout(1_000)
        .build(), AddrUtil.getAddresses(zone.memcachedHostPort()));
  }

  @Test
  void everyZoneOfEveryRegionIsARealMemcachedOnTheRegionsOwnAddress(RegionSandbox sandbox) throws Exception {
    for (RegionEndpoints region : sandbox.topology().regions()) {
      assertThat(region.zones()).hasSize(2);
      for (ZoneEndpoint zone : region.zones()) {
        assertThat(zone.memcached().getHostString()).isEqualTo(region.address());
        MemcachedClient client = clientFor(zone);
        try {
          assertThat(client.set("sandbox-check", 60, zone.name()).get()).isTrue();
          assertThat(client.get("sandbox-check")).isEqualTo(zone.name());
          // a real server speaks the real protocol: add refuses a key that exists
          assertThat(client.add("sandbox-check", 60, "other").get()).isFalse();
          assertThat(client.getVersions().values()).allSatisfy(v -> assertThat(v).startsWith("1.6"));
        } finally {
          client.shutdown();
        }
      }
    }
  }

  @Test
  void zonesAreSeparateServers(RegionSandbox sandbox) throws Exception {
    List<ZoneEndpoint> zones = sandbox.region("us-east-1").zones();
    MemcachedClient a = clientFor(zones.get(0));
    MemcachedClient b = clientFor(zones.get(1));
    try {
      a.set("only-in-a", 60, "x").get();
      assertThat(a.get("only-in-a")).isEqualTo("x");
      assertThat(b.get("only-in-a")).isNull();
    } finally {
      a.shutdown();
      b.shutdown();
    }
  }

  @Test
  void aStoppedZoneRefusesAndComesBackEmptyOnTheSamePort(RegionSandbox sandbox) throws Exception {
    ZoneEndpoint zone = sandbox.region("us-west-2").zones().get(1);
    MemcachedClient client = clientFor(zone);
    try {
      client.set("survives-restart", 600, "v").get();
      sandbox.faults().stopMemcached("us-west-2", zone.name());
      assertThat(sandbox.status()).anySatisfy(s -> {
        assertThat(s.name()).isEqualTo("memcached " + zone.name());
        assertThat(s.state()).isEqualTo("down");
      });
      sandbox.faults().startMemcached("us-west-2", zone.name());
      assertThat(sandbox.region("us-west-2").zone(zone.name()).memcached()).isEqualTo(zone.memcached());
      // spymemcached reconnects on its own; the restarted server is empty
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
        assertThat(client.set("after-restart", 60, "w").get()).isTrue();
        assertThat(client.get("survives-restart")).isNull();
      });
    } finally {
      client.shutdown();
    }
  }
}
