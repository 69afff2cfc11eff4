package dev.activeactive.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.activeactive.evcache.api.DatasetCache;
import dev.activeactive.evcache.api.EVCacheClient;
import dev.activeactive.evcache.api.ValueCodec;
import dev.activeactive.sandbox.api.RegionSandbox;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two services started from properties alone, one per region, on the sandbox at the default WAN profile
 * (us-east-1/us-west-2): what one writes, the other sees; west's health follows its zones; west's publisher
 * backlog is in /actuator/metrics.
 */
class TwoRegionStarterIT extends WestServiceBase {

  private static final Duration REPLICATION = Duration.ofSeconds(60);

  private static ConfigurableApplicationContext east;

  @BeforeAll
  static void startEastService() {
    east = startEast();
  }

  @AfterAll
  static void stopEastService() {
    if (east != null) {
      east.close();
    }
  }

  private static EVCacheClient eastClient() {
    return east.getBean(EVCacheClient.class);
  }

  @Test
  void aValueWrittenInEastUnderReplicateIsReadInWest() {
    String key = uniqueKey("replicated");
    eastClient().dataset("replicated", ValueCodec.utf8()).set(key, "from-east");

    DatasetCache<String> inWest = west.dataset("replicated", ValueCodec.utf8());
    await().atMost(REPLICATION).pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(inWest.get(key)).isEqualTo("from-east"));
  }

  @Test
  void aWriteInEastUnderInvalidateDropsWestsCachedEntry() {
    awaitWritesSucceedInWest();
    String key = uniqueKey("items");
    DatasetCache<String> inWest = west.dataset("items", ValueCodec.utf8());
    inWest.set(key, "old-in-west");
    assertThat(inWest.get(key)).isEqualTo("old-in-west");

    eastClient().dataset("items", ValueCodec.utf8()).set(key, "new-in-east");

    await().atMost(REPLICATION).pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(inWest.get(key)).isNull());
  }

  @Test
  void healthIsDownWhileAZoneIsStoppedAndUpWhenItReturns(RegionSandbox sandbox) throws Exception {
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(get("/actuator/health").status())
        .isEqualTo(200));
    assertThat(get("/actuator/health/readiness").status()).isEqualTo(200);
    String zone = sandbox.region(SandboxProperties.WEST).zones().get(1).name();

    sandbox.faults().stopMemcached(SandboxProperties.WEST, zone);
    try {
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        Response health = get("/actuator/health");
        assertThat(health.status()).as("%s", health).isEqualTo(503);
        assertThat(health.body().at("/components/evcacheZones/status").asText()).isEqualTo("DOWN");
        assertThat(health.body().at("/components/evcacheZones/details/zones/" + zone).asText()).startsWith("DOWN");
      });
      assertThat(get("/actuator/health/readiness").status()).isEqualTo(503);
    } finally {
      sandbox.faults().startMemcached(SandboxProperties.WEST, zone);
    }

    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      Response health = get("/actuator/health");
      assertThat(health.status()).as("%s", health).isEqualTo(200);
    });
    assertThat(get("/actuator/health/readiness").status()).isEqualTo(200);
    // the indicator probes on connections of its own; the client's reconnect (every 2 s at most) may come after
    awaitWritesSucceedInWest();
  }

  @Test
  void readinessIsDownWhileAZoneIsFrozenAndUpWhenItResumes(RegionSandbox sandbox) throws Exception {
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(get("/actuator/health/readiness")
        .status()).isEqualTo(200));
    String zone = sandbox.region(SandboxProperties.WEST).zones().get(1).name();

    // SIGSTOP: the server keeps its sockets and the kernel still accepts connections, but nothing answers
    sandbox.faults().pauseMemcached(SandboxProperties.WEST, zone);
    try {
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        Response zones = get("/actuator/health/evcacheZones");
        assertThat(zones.status()).as("%s", zones).isEqualTo(503);
        assertThat(zones.body().at("/details/zones/" + zone).asText()).contains("no answer within");
        assertThat(get("/actuator/health/readiness").status()).isEqualTo(503);
      });
    } finally {
      sandbox.faults().resumeMemcached(SandboxProperties.WEST, zone);
    }

    // the readiness group is readinessState and evcacheZones only: the relay's own, slower, return to trusting
    // the zone (it flushes a zone that was away) does not hold it
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get("/actuator/health/readiness")
        .status()).isEqualTo(200));
    awaitWritesSucceedInWest();
  }

  private void awaitWritesSucceedInWest() {
    DatasetCache<String> items = west.dataset("items", ValueCodec.utf8());
    await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
        .until(() -> items.set(uniqueKey("probe"), "x") != null);
  }

  @Test
  void thePublisherBacklogIsInActuatorMetrics(RegionSandbox sandbox) throws Exception {
    String metric = "/actuator/metrics/evcache.publisher.queue.depth?tag=region:" + SandboxProperties.EAST;
    Response before = get(metric);
    assertThat(before.status()).as("%s", before).isEqualTo(200);

    awaitWritesSucceedInWest();
    sandbox.faults().partition(SandboxProperties.WEST, SandboxProperties.EAST);
    DatasetCache<String> items = west.dataset("items", ValueCodec.utf8());
    for (int i = 0; i < 50; i++) {
      items.set(uniqueKey("backlog"), "v" + i);
    }
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      Response during = get(metric);
      assertThat(during.body().at("/measurements/0/value").asDouble()).as("%s", during).isGreaterThanOrEqualTo(50);
      Response health = get("/actuator/health/evcachePublisher");
      assertThat(health.body().at("/details/regions/" + SandboxProperties.EAST + "/queuedOperations").asLong())
          .as("%s", health).isGreaterThanOrEqualTo(50);
    });

    sandbox.faults().heal(SandboxProperties.WEST, SandboxProperties.EAST);
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(get(metric).body()
        .at("/measurements/0/value").asDouble()).isZero());
  }
}
