package dev.activeactive.examples.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.activeactive.examples.history.HistoryEntry;
import dev.activeactive.examples.http.ServiceClient;
import dev.activeactive.examples.sandbox.QueueAdmin;
import dev.activeactive.examples.sandbox.TwoRegions;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.RegionSandboxTest;
import dev.activeactive.sandbox.api.SandboxComponent;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sample service in both sandbox regions, over HTTP: write in one region, read in the other. */
@RegionSandboxTest(components = {SandboxComponent.MEMCACHED, SandboxComponent.SQS, SandboxComponent.CASSANDRA})
class TwoRegionServiceIT {

  private static TwoRegions regions;
  private static ServiceClient east;
  private static ServiceClient west;
  private final String user = "it-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void start(RegionSandbox sandbox) {
    QueueAdmin.purgeAll(sandbox);
    regions = TwoRegions.start(sandbox, 0, TwoRegions.DEFAULT_KEYSPACE);
    east = new ServiceClient(regions.east().baseUri());
    west = new ServiceClient(regions.west().baseUri());
  }

  @AfterAll
  static void stop() {
    if (regions != null) {
      regions.close();
    }
  }

  @Test
  void aHistoryWriteInOneRegionInvalidatesTheOtherRegionsCachedEntry() {
    east.putHistory(user, "the-crown-s1e1", 100);
    // west reads it (and caches it) once Cassandra has replicated the row
    await().atMost(Duration.ofSeconds(10)).until(() -> west.getHistory(user, "the-crown-s1e1")
        .map(HistoryEntry::positionSeconds).orElse(-1L) == 100);
    assertThat(regions.west().history().cached(user, "the-crown-s1e1")).isPresent();

    HistoryEntry second = east.putHistory(user, "the-crown-s1e1", 200);

    // the relay drops west's cached entry; west's next read reloads the row from its own datacenter
    await().atMost(Duration.ofSeconds(10)).until(() -> west.getHistory(user, "the-crown-s1e1")
        .equals(Optional.of(second)));
    assertThat(second.writtenIn()).isEqualTo("us-east-1");
    assertThat(west.listHistory(user)).containsExactly(second);
  }

  @Test
  void nowPlayingTravelsByValue() {
    west.putNowPlaying(user, "dark-s2e3");

    await().atMost(Duration.ofSeconds(10)).until(() -> east.getNowPlaying(user).isPresent());
    assertThat(east.getNowPlaying(user).orElseThrow().title()).isEqualTo("dark-s2e3");
    assertThat(east.getNowPlaying(user).orElseThrow().writtenIn()).isEqualTo("us-west-2");

    west.send("DELETE", "/users/" + user + "/now-playing", null).expect(204);
    await().atMost(Duration.ofSeconds(10)).until(() -> east.getNowPlaying(user).isEmpty());
  }

  @Test
  void operationalEndpointsShowTheRelay() {
    east.putNowPlaying(user, "ozark-s1e1");
    await().atMost(Duration.ofSeconds(10)).until(() -> regions.west().relay().stats().orElseThrow()
        .operationsApplied() > 0);

    west.getNowPlaying(user);

    assertThat(west.send("GET", "/health", null).expect(200)).contains("\"status\":\"UP\"");
    assertThat(west.send("GET", "/relay", null).expect(200)).contains("\"operationsApplied\"");
    assertThat(west.send("GET", "/metrics", null).expect(200))
        .contains("relay_operations_applied_total")
        .contains("evcache_client_");
  }

  @Test
  void badRequestsAreRefused() {
    assertThat(east.send("PUT", "/users/" + user + "/history/t1", "{}").status()).isEqualTo(400);
    assertThat(east.send("PUT", "/users/" + user + "/history/t%20x", "{\"positionSeconds\":1}").status())
        .isEqualTo(400);
    assertThat(east.send("GET", "/users/" + user + "/history/never-watched", null).status()).isEqualTo(404);
    assertThat(east.send("GET", "/users/" + user + "/watchlist", null).status()).isEqualTo(404);
    assertThat(east.send("POST", "/users/" + user + "/now-playing", "{}").status()).isEqualTo(405);
  }
}
