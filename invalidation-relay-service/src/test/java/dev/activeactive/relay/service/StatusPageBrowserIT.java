package dev.activeactive.relay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.activeactive.protocol.api.version.Version;
import dev.activeactive.protocol.api.wire.Operation;
import dev.activeactive.relay.api.RelayFixture;
import dev.activeactive.sandbox.api.PartitionMode;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.RegionSandboxTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The two-region status page as an operator sees it, in Debian's headless Chromium driven by Selenium, against
 * two relays on the sandbox at the default WAN profile: every figure shown is the relay's exported metric, the
 * page refreshes itself, zone trouble shows, and a partition's backlog shows draining after the heal.
 */
@RegionSandboxTest
class StatusPageBrowserIT {
  private static final Duration AWAIT = Duration.ofSeconds(90);
  /** A region's section as shown: every data-figure's text, the zones, and the lag chart's size. */
  private static final String SHOWN = """
      const s = document.querySelector('section[data-region="%s"]');
      if (!s) return null;
      const out = {};
      s.querySelectorAll('[data-figure]').forEach(e => out[e.dataset.figure] = e.textContent);
      out.zones = {};
      s.querySelectorAll('[data-zone]').forEach(z => out.zones[z.dataset.zone] = z.dataset.up);
      const line = s.querySelector('svg[data-chart=lag] polyline.p99');
      out.chartPoints = line ? line.points.numberOfItems : 0;
      out.chartWidth = s.querySelector('svg[data-chart=lag]').getBoundingClientRect().width;
      return out;""";

  private RelayFixture intoWest;
  private RelayFixture intoEast;
  private final List<AutoCloseable> closing = new ArrayList<>();

  @BeforeEach
  void setUp(RegionSandbox sandbox) throws Exception {
    intoWest = new RelayFixture(sandbox, "us-east-1", "us-west-2");
    intoEast = new RelayFixture(sandbox, "us-west-2", "us-east-1");
    intoWest.purgeQueues();
    intoEast.purgeQueues();
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
    intoWest.close();
    intoEast.close();
  }

  private <T extends AutoCloseable> T closeLater(T resource) {
    closing.add(resource);
    return resource;
  }

  private static Operation replicate(String key, String origin) {
    return Operation.replicate(key, new Version(System.currentTimeMillis() * 1000, origin), 0, 0,
        "v".getBytes(StandardCharsets.UTF_8));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> shown(HeadlessChromium browser, String region) {
    return (Map<String, Object>) browser.run(SHOWN.formatted(region));
  }

  private static double number(Map<String, Object> shown, String figure) {
    Object text = shown.get(figure);
    return text == null || "-".equals(text) ? Double.NaN : Double.parseDouble(text.toString());
  }

  /** Every figure the page shows for {@code relay}'s region equals what its /metrics exports. */
  @SuppressWarnings("unchecked")
  private static void assertShownMatchesMetrics(HeadlessChromium browser, StatusRelay relay) {
    Map<String, Object> page = shown(browser, relay.region());
    assertThat(page).as("section of " + relay.region()).isNotNull();
    assertThat(number(page, "messages-applied")).as("messages applied")
        .isEqualTo(relay.scraped("relay_messages_total", Map.of("outcome", "applied")));
    assertThat(number(page, "operations-applied")).as("operations applied")
        .isEqualTo(relay.scraped("relay_operations_applied_total"));
    assertThat(number(page, "dlq")).as("dead letters").isEqualTo(relay.scraped("relay_dlq_messages"));
    for (String state : List.of("visible", "inflight", "delayed")) {
      assertThat(number(page, state)).as(state)
          .isEqualTo(relay.scraped("relay_backlog_messages", Map.of("state", state)));
    }
    assertThat(number(page, "oldest-age")).as("oldest age")
        .isCloseTo(relay.scraped("relay_backlog_oldest_age_seconds"), within(0.051));
    assertThat(page.get("ready")).isEqualTo(relay.scraped("relay_ready") == 1 ? "ready" : "NOT READY");
    Map<String, Object> zones = (Map<String, Object>) page.get("zones");
    assertThat(zones).hasSize(2);
    zones.forEach((zone, up) -> assertThat(up).as("zone " + zone)
        .isEqualTo(relay.scraped("relay_zone_reachable", Map.of("zone", zone)) == 1 ? "true" : "false"));
    // lag: what histogram_quantile gives over the exported buckets (the page's window spans the relay's life)
    assertThat(number(page, "lag-count")).as("lag observations")
        .isEqualTo(relay.scraped("relay_lag_seconds_count"));
    for (String p : List.of("50", "90", "99")) {
      assertThat(number(page, "lag-p" + p)).as("lag p" + p + " (ms)")
          .isCloseTo(relay.lagQuantileMillis(Integer.parseInt(p) / 100.0), within(0.051));
    }
    assertThat(number(page, "lag-p99")).as("lag p99 (ms)").isPositive();
  }

  @Test
  void everyRegionPairIsShownWithTheRelaysOwnFiguresAndRefreshesItself(RegionSandbox sandbox) throws Exception {
    StatusRelay east = closeLater(new StatusRelay(intoEast.relayBuilder(), List.of()));
    StatusRelay west = closeLater(new StatusRelay(intoWest.relayBuilder(), List.of(east.base())));
    for (int i = 0; i < 5; i++) {
      intoWest.publish(replicate("page:w" + i, "us-east-1"));
    }
    for (int i = 0; i < 3; i++) {
      intoEast.publish(replicate("page:e" + i, "us-west-2"));
    }
    intoWest.publishBody("not a message");
    await().atMost(AWAIT).until(() -> west.relay.stats().messagesApplied() == 5
        && east.relay.stats().messagesApplied() == 3 && west.scraped("relay_dlq_messages") == 1);

    HeadlessChromium browser = closeLater(new HeadlessChromium());
    browser.open(west.base().resolve("/status"));
    browser.run("window.loadedOnce = true; return true;");
    await().atMost(AWAIT).ignoreExceptions().untilAsserted(() -> {
      assertShownMatchesMetrics(browser, west);
      assertShownMatchesMetrics(browser, east);
    });
    Map<String, Object> westShown = shown(browser, "us-west-2");
    assertThat(number(westShown, "dlq")).isEqualTo(1);
    assertThat(number(westShown, "messages-applied")).isEqualTo(5);
    assertThat(number(shown(browser, "us-east-1"), "messages-applied")).isEqualTo(3);
    assertThat(browser.run("return document.querySelectorAll('section.pair').length")).isEqualTo(2L);
    assertThat(browser.run("return document.querySelector('section[data-region=\"us-west-2\"] h2').textContent"))
        .isEqualTo("us-east-1 → us-west-2");
    await().atMost(AWAIT).untilAsserted(() -> {
      Map<String, Object> s = shown(browser, "us-west-2");
      assertThat(((Number) s.get("chartPoints")).intValue()).as("lag chart points").isGreaterThanOrEqualTo(2);
      assertThat(((Number) s.get("chartWidth")).doubleValue()).isGreaterThan(300);
    });

    // it refreshes itself: new work shows without reloading the page
    intoWest.publish(replicate("page:w5", "us-east-1"));
    intoWest.publish(replicate("page:w6", "us-east-1"));
    await().atMost(AWAIT).untilAsserted(() ->
        assertThat(number(shown(browser, "us-west-2"), "messages-applied")).isEqualTo(7));
    assertThat(browser.run("return window.loadedOnce === true")).as("same page, not reloaded").isEqualTo(true);

    // zone trouble shows as the relay reports it
    String zone = intoWest.target.zones().get(0).name();
    sandbox.faults().pauseMemcached("us-west-2", zone);
    try {
      await().atMost(AWAIT).ignoreExceptions().untilAsserted(() -> {
        Map<String, Object> s = shown(browser, "us-west-2");
        assertThat(((Map<String, Object>) s.get("zones")).get(zone)).isEqualTo("false");
        assertThat(s.get("ready")).isEqualTo("NOT READY");
        assertShownMatchesMetrics(browser, west);
      });
    } finally {
      sandbox.faults().resumeMemcached("us-west-2", zone);
    }
    await().atMost(AWAIT).ignoreExceptions().untilAsserted(() -> {
      assertThat(shown(browser, "us-west-2").get("ready")).isEqualTo("ready");
      assertShownMatchesMetrics(browser, west);
    });
  }

  @Test
  void aPartitionBuildsABacklogThatTheMetricsAndThePageShowDrainingAfterHeal(RegionSandbox sandbox)
      throws Exception {
    // this relay reaches its queue across the WAN path from us-east-1 (a queue kept in the publishing region),
    // so a partition of that path cuts the relay off while messages keep arriving in the queue
    StatusRelay east = closeLater(new StatusRelay(intoEast.relayBuilder(), List.of()));
    StatusRelay west = closeLater(new StatusRelay(intoWest.relayBuilder()
        .sqsEndpoint(intoWest.target.queueEndpointFrom("us-east-1")), List.of(east.base())));
    intoWest.publishLocally("before", 20, new Version(System.currentTimeMillis() * 1000, "us-east-1"));
    await().atMost(AWAIT).until(() -> west.relay.stats().messagesApplied() == 20);
    HeadlessChromium browser = closeLater(new HeadlessChromium());
    browser.open(west.base().resolve("/status"));
    await().atMost(AWAIT).ignoreExceptions()
        .until(() -> number(shown(browser, "us-west-2"), "messages-applied") == 20);

    sandbox.faults().partition("us-east-1", "us-west-2", PartitionMode.BLACKHOLE);
    long cutAt = System.nanoTime();
    int during = 600;
    intoWest.publishLocally("cut", during, new Version(System.currentTimeMillis() * 1000, "us-east-1"));
    // the relay cannot read its queue: the backlog it shows goes stale, and the page says so
    await().atMost(AWAIT).ignoreExceptions().untilAsserted(() -> {
      assertThat(west.scraped("relay_backlog_read_age_seconds")).isGreaterThan(5);
      assertThat(shown(browser, "us-west-2")).containsKey("stale");
    });
    await().atMost(AWAIT).until(() -> System.nanoTime() - cutAt > 12_000_000_000L);
    assertThat(west.relay.stats().messagesApplied()).as("nothing applied while cut off").isEqualTo(20);
    sandbox.faults().heal("us-east-1", "us-west-2");
    long healedAt = System.nanoTime();

    List<Double> metricVisible = new ArrayList<>();
    List<Double> pageVisible = new ArrayList<>();
    double maxOldest = 0;
    double maxOldestShown = 0;
    long deadline = System.nanoTime() + AWAIT.toNanos();
    while (true) {
      double visible = west.scraped("relay_backlog_messages", Map.of("state", "visible"));
      metricVisible.add(visible);
      maxOldest = Math.max(maxOldest, west.scraped("relay_backlog_oldest_age_seconds"));
      Map<String, Object> s = shown(browser, "us-west-2");
      pageVisible.add(number(s, "visible"));
      maxOldestShown = Math.max(maxOldestShown, number(s, "oldest-age"));
      boolean drained = west.relay.stats().messagesApplied() == 20 + during && visible == 0
          && west.scraped("relay_backlog_messages", Map.of("state", "inflight")) == 0
          && number(s, "visible") == 0 && !s.containsKey("stale");
      if (drained) {
        break;
      }
      assertThat(System.nanoTime()).as("drained within " + AWAIT + "; backlog seen: " + metricVisible)
          .isLessThan(deadline);
      Thread.sleep(200);
    }
    double drainSeconds = (System.nanoTime() - healedAt) / 1e9;
    double peak = metricVisible.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).max().orElse(0);
    double pagePeak = pageVisible.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).max()
        .orElse(0);
    System.out.printf("partition drill (%s): backlog peak %.0f (metrics), %.0f (page), oldest age %.1f s, drained "
        + "%.1f s after heal; readings %s%n", sandbox.faults().wan(), peak, pagePeak, maxOldest, drainSeconds,
        metricVisible);
    assertThat(peak).as("the backlog the metrics showed after the heal").isGreaterThanOrEqualTo(100);
    assertThat(pagePeak).as("the backlog the page showed after the heal").isGreaterThanOrEqualTo(1);
    assertThat(metricVisible.stream().filter(v -> v > 0 && v < peak).count()).as("readings while draining")
        .isPositive();
    assertThat(maxOldest).as("the oldest message had waited through the cut").isGreaterThanOrEqualTo(10);
    assertThat(maxOldestShown).isGreaterThanOrEqualTo(10);
    assertThat(intoWest.stored(0, "cut:" + (during - 1))).isNotNull();
  }
}
