package dev.activeactive.relay.service;

import dev.activeactive.relay.api.InvalidationRelay;
import dev.activeactive.relay.api.InvalidationRelayBuilder;
import dev.activeactive.relay.service.internal.HealthServer;
import dev.activeactive.relay.service.internal.status.StatusEndpoints;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A relay with its HTTP endpoint (/metrics, /status) in this JVM, wired as RelayMain wires the service. */
final class StatusRelay implements AutoCloseable {
  final InvalidationRelay relay;
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final StatusEndpoints status;
  private final HealthServer http;

  StatusRelay(InvalidationRelayBuilder builder, List<URI> peers) throws Exception {
    relay = builder.backlogInterval(Duration.ofSeconds(1)).meterRegistry(registry).build().start();
    status = new StatusEndpoints(relay, registry, peers, Duration.ofMillis(500), Duration.ofMinutes(5));
    http = new HealthServer("127.0.0.1", 0, relay, registry, status);
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + http.port());
  }

  String region() {
    return relay.config().region();
  }

  /** A series' value in this relay's Prometheus scrape (the text /metrics serves); NaN when absent. */
  double scraped(String series, Map<String, String> labels) {
    Pattern line = Pattern.compile("(?m)^" + Pattern.quote(series) + "\\{([^}]*)\\} (\\S+)$");
    Matcher m = line.matcher(registry.scrape());
    while (m.find()) {
      String found = m.group(1);
      boolean all = labels.entrySet().stream().allMatch(e -> found.contains(e.getKey() + "=\"" + e.getValue() + "\""));
      if (all && found.contains("region=\"" + region() + "\"")) {
        return Double.parseDouble(m.group(2));
      }
    }
    return Double.NaN;
  }

  /**
   * What {@code histogram_quantile(q, relay_lag_seconds_bucket)} gives over this relay's whole life (the page's
   * window covers it while the relay is younger than its five-minute span), in ms.
   */
  double lagQuantileMillis(double q) {
    java.util.TreeMap<Double, Double> buckets = new java.util.TreeMap<>();
    Matcher m = Pattern.compile("(?m)^relay_lag_seconds_bucket\\{([^}]*)\\} (\\S+)$").matcher(registry.scrape());
    while (m.find()) {
      Matcher le = Pattern.compile("le=\"([^\"]+)\"").matcher(m.group(1));
      if (m.group(1).contains("region=\"" + region() + "\"") && le.find()) {
        // one series per origin region: summed, as sum by (le) does
        buckets.merge(le.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le.group(1)),
            Double.parseDouble(m.group(2)), Double::sum);
      }
    }
    double total = buckets.lastEntry().getValue();
    double rank = q * total;
    double previousBound = 0;
    double previousCount = 0;
    for (var e : buckets.entrySet()) {
      if (e.getValue() >= rank) {
        return 1000 * (Double.isInfinite(e.getKey()) ? previousBound
            : previousBound + (e.getKey() - previousBound) * (rank - previousCount) / (e.getValue() - previousCount));
      }
      previousBound = e.getKey();
      previousCount = e.getValue();
    }
    return 1000 * previousBound;
  }

  double scraped(String series) {
    return scraped(series, Map.of());
  }

  @Override
  public void close() {
    http.close();
    status.close();
    relay.close();
  }
}
