package dev.activeactive.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.activeactive.sandbox.api.RegionEndpoints;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.RegionSandboxTest;
import dev.activeactive.sandbox.api.SandboxComponent;
import dev.activeactive.sandbox.api.ZoneEndpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Boot sample in both regions of the sandbox (memcached, SQS and a Cassandra datacenter per region) at the
 * default WAN profile, each started from application.yml plus its region's endpoints: us-west-2 by Spring's test
 * support, us-east-1 here. What one region records, the other reads.
 */
@RegionSandboxTest(components = {SandboxComponent.MEMCACHED, SandboxComponent.SQS, SandboxComponent.CASSANDRA})
@SpringBootTest(classes = ViewingHistoryApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TwoRegionBootSampleIT {

  private static final String EAST = "us-east-1";
  private static final String WEST = "us-west-2";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static ConfigurableApplicationContext east;

  @Autowired
  Environment west;

  @DynamicPropertySource
  static void westProperties(DynamicPropertyRegistry registry) {
    regionProperties(WEST).forEach((k, v) -> registry.add(k, () -> v));
  }

  @BeforeAll
  static void startEast() {
    // first, so that its schema is in place before west starts
    east = new SpringApplicationBuilder(ViewingHistoryApplication.class).properties(regionProperties(EAST)).run();
  }

  @AfterAll
  static void stopEast() {
    if (east != null) {
      east.close();
    }
  }

  @Test
  void aPositionRecordedInEastIsReadInWestAndANewerOneReplacesWhatWestHadCached() {
    String user = "u-" + UUID.randomUUID();
    assertThat(send(east(), "PUT", "/history/" + user + "/t1?position=10").status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
        assertThat(send(west(), "GET", "/history/" + user + "/t1").body().path("seconds").asLong()).isEqualTo(10));

    // west now holds 10 in its cache: only the invalidation from east makes it read 20
    assertThat(send(east(), "PUT", "/history/" + user + "/t1?position=20").status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      JsonNode body = send(west(), "GET", "/history/" + user + "/t1").body();
      assertThat(body.path("seconds").asLong()).isEqualTo(20);
      assertThat(body.path("writtenIn").asText()).isEqualTo(EAST);
    });
  }

  @Test
  void whatAUserWatchesInEastIsReadInWest() {
    String user = "u-" + UUID.randomUUID();
    assertThat(send(east(), "PUT", "/now-playing/" + user + "?title=t9").status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
        assertThat(send(west(), "GET", "/now-playing/" + user).raw()).isEqualTo("t9|" + EAST));
  }

  @Test
  void healthShowsTheLocalDatacenterTheZonesAndTheRelay() {
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      Response health = send(west(), "GET", "/actuator/health");
      assertThat(health.status()).as("%s", health.raw()).isEqualTo(200);
      assertThat(health.body().at("/components/cassandraLocalDc/status").asText()).isEqualTo("UP");
      assertThat(health.body().at("/components/cassandraLocalDc/details/localDatacenter").asText()).isEqualTo(WEST);
      assertThat(health.body().at("/components/evcacheZones/status").asText()).isEqualTo("UP");
      assertThat(health.body().at("/components/invalidationRelay/status").asText()).isEqualTo("UP");
    });
  }

  private String west() {
    return "http://127.0.0.1:" + west.getProperty("local.server.port");
  }

  private static String east() {
    return "http://127.0.0.1:" + east.getEnvironment().getProperty("local.server.port");
  }

  private static Response send(String base, String method, String path) {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
          .timeout(Duration.ofSeconds(20)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode body = r.body().startsWith("{") ? JSON.readTree(r.body()) : JSON.createObjectNode();
      return new Response(r.statusCode(), body, r.body());
    } catch (Exception e) {
      throw new AssertionError(method + " " + base + path + " failed: " + e, e);
    }
  }

  private record Response(int status, JsonNode body, String raw) {}

  /** This region's part of the configuration: the sandbox's endpoints, as an operator would set them. */
  static Map<String, Object> regionProperties(String region) {
    RegionSandbox sandbox = RegionSandbox.shared();
    sandbox.require(SandboxComponent.MEMCACHED, SandboxComponent.SQS, SandboxComponent.CASSANDRA);
    RegionEndpoints own = sandbox.region(region);
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("server.port", "0");
    p.put("spring.main.banner-mode", "off");
    p.put("active-active.region", region);
    p.put("active-active.aws.access-key-id", "sandbox");
    p.put("active-active.aws.secret-access-key", "sandbox");
    for (ZoneEndpoint zone : own.zones()) {
      p.put("active-active.cache.zones." + zone.name(), zone.memcachedHostPort());
    }
    for (String other : sandbox.regionNames()) {
      if (!other.equals(region)) {
        String prefix = "active-active.cache.publisher.remote-regions." + other + ".";
        p.put(prefix + "queue-url", sandbox.region(other).queues().queueUrl());
        p.put(prefix + "endpoint", sandbox.region(other).queueEndpointFrom(region).toString());
      }
    }
    p.put("active-active.relay.queue", own.queues().queueUrl());
    p.put("active-active.relay.sqs-endpoint", own.queues().endpoint().toString());
    var node = own.cassandraNode().orElseThrow().contactPoint();
    p.put("active-active.cassandra.contact-points", node.getHostString() + ":" + node.getPort());
    p.put("sample.regions", String.join(",", sandbox.regionNames()));
    return p;
  }
}
