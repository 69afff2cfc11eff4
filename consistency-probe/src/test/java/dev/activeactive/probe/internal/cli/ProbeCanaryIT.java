package dev.activeactive.probe.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.activeactive.sandbox.api.RegionSandboxTest;
import dev.activeactive.sandbox.api.SandboxComponent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code ./probe --continuous} for a bounded time on the sandbox, both paths, under the default WAN. */
@RegionSandboxTest(components = {SandboxComponent.CASSANDRA, SandboxComponent.MEMCACHED, SandboxComponent.SQS})
class ProbeCanaryIT {
  private static final List<String> PATHS = List.of("cassandra", "cache-invalidate");

  private static double value(String metrics, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+|NaN)$").matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  @Test
  void theCanaryExportsTheDocumentedSeriesForBothPathsAndStopsAfterItsDuration() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    StringWriter err = new StringWriter();
    String[] args = {"--continuous", "--mode", "both", "--duration", "25s", "--rate", "20", "--metrics-port",
        Integer.toString(port)};
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> ProbeMain.run(args,
        new PrintWriter(err, true)));
    HttpClient http = HttpClient.newHttpClient();
    URI metricsUri = URI.create("http://localhost:" + port + "/metrics");
    String metrics = "";
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    // await a scrape in which both paths have sampled lags and checked reads at the delay
    while (Instant.now().isBefore(deadline) && !exit.isDone()) {
      try {
        metrics = http.send(HttpRequest.newBuilder(metricsUri).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        String text = metrics;
        if (PATHS.stream().allMatch(p -> value(text, "probe_visibility_lag_seconds_count{path=\"" + p + "\"}") >= 5
            && value(text, "probe_reads_at_delay_total{outcome=\"visible\",path=\"" + p + "\"}") >= 20)) {
          break;
        }
      } catch (java.io.IOException notYet) {
        // the sandbox and the paths are still starting
      }
      Thread.sleep(500);
    }
    for (String p : PATHS) {
      String tag = "path=\"" + p + "\"";
      assertThat(value(metrics, "probe_writes_total{" + tag + "}")).as(p + " writes").isGreaterThanOrEqualTo(20);
      assertThat(value(metrics, "probe_reads_at_delay_total{outcome=\"visible\"," + tag + "}")).as(p + " visible")
          .isGreaterThanOrEqualTo(20);
      assertThat(metrics).contains("probe_reads_at_delay_total{outcome=\"missing\"," + tag + "}")
          .contains("probe_reads_at_delay_total{outcome=\"late\"," + tag + "}")
          .contains("probe_missed_records_total{outcome=\"became_visible\"," + tag + "}")
          .contains("probe_missed_records_total{outcome=\"never_visible\"," + tag + "}")
          .contains("probe_visibility_lag_seconds_bucket{" + tag + ",le=\"0.5\"}");
      assertThat(value(metrics, "probe_on_time_ratio{" + tag + "}")).as(p + " on-time ratio").isBetween(0.9, 1.0);
      assertThat(value(metrics, "probe_visible_at_ratio{" + tag + ",t_ms=\"0\"}")).as(p + " P(visible at 0)")
          .isLessThan(0.5); // the regions are 35 ms apart one way: nothing is visible at once
      assertThat(value(metrics, "probe_visible_at_ratio{" + tag + ",t_ms=\"1000\"}")).as(p + " P(visible at 1 s)")
          .isGreaterThan(0.9);
    }
    // it stops by itself after its duration with the gate's verdict: 0, or 1 when this (shared, loaded) machine
    // let records miss the delay; never a usage error or "could not run"
    assertThat(exit.get(60, TimeUnit.SECONDS)).as("exit code; stderr: %s", err).isIn(0, 1);
  }
}
