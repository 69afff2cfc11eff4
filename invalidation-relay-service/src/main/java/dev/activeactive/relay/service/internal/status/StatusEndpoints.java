package dev.activeactive.relay.service.internal.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.activeactive.relay.api.InvalidationRelay;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The two-region status page: {@code /status} (one HTML page that draws every region pair side by side and
 * refreshes itself) and {@code /status.json} (this relay's figures and recent history, plus each configured
 * peer relay's, fetched by this relay so that the browser needs to reach one relay only). A peer that does not
 * answer within two seconds is shown as unreachable with the reason; it never delays the page more than that.
 */
public final class StatusEndpoints implements AutoCloseable {
  private static final Duration PEER_TIMEOUT = Duration.ofSeconds(2);
  private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private final RegionFigures figures;
  private final StatusHistory history;
  private final List<URI> peers;
  private final Duration refresh;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(PEER_TIMEOUT).build();
  private final byte[] page;

  /**
   * @param peers the other regions' relays' HTTP base URLs ({@code http://host:port})
   * @param refresh how often the page refreshes, and the history's sampling interval
   * @param span how much history the chart shows, and the window of the page's lag percentiles
   */
  public StatusEndpoints(InvalidationRelay relay, PrometheusMeterRegistry registry, List<URI> peers, Duration refresh,
      Duration span) throws IOException {
    this.figures = new RegionFigures(relay, registry);
    this.history = new StatusHistory(figures, refresh, span);
    this.peers = List.copyOf(peers);
    this.refresh = refresh;
    try (InputStream in = StatusEndpoints.class.getResourceAsStream("status.html")) {
      if (in == null) {
        throw new IOException("status.html is missing from the relay's jar");
      }
      page = in.readAllBytes();
    }
  }

  /** Adds {@code /status} and {@code /status.json} to the server. */
  public void register(HttpServer server) {
    server.createContext("/status.json", ex -> {
      boolean local = ex.getRequestURI().getQuery() != null && ex.getRequestURI().getQuery().contains("scope=local");
      respond(ex, "application/json", JSON.writeValueAsBytes(local ? own() : all()));
    });
    server.createContext("/status", ex -> respond(ex, "text/html; charset=utf-8", page));
  }

  private Map<String, Object> own() {
    Map<String, Object> region = new LinkedHashMap<>();
    region.put("region", figures.region());
    region.put("reachable", true);
    LagBuckets lag = figures.lag();
    region.put("figures", figures.now(history.window(lag)));
    region.put("lagWindowSeconds", history.windowSeconds());
    region.put("rate", history.rate());
    region.put("history", history.points());
    return region;
  }

  private Map<String, Object> all() {
    List<CompletableFuture<Object>> fetched = new ArrayList<>();
    for (URI peer : peers) {
      fetched.add(fetch(peer));
    }
    List<Object> regions = new ArrayList<>();
    regions.add(own());
    for (CompletableFuture<Object> f : fetched) {
      regions.add(f.join());
    }
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("generatedMillis", System.currentTimeMillis());
    all.put("refreshMillis", refresh.toMillis());
    all.put("regions", regions);
    return all;
  }

  private CompletableFuture<Object> fetch(URI peer) {
    URI url = peer.resolve("/status.json?scope=local");
    return http.sendAsync(HttpRequest.newBuilder(url).timeout(PEER_TIMEOUT).build(),
            HttpResponse.BodyHandlers.ofString())
        .<Object>thenApply(r -> {
          if (r.statusCode() != 200) {
            return unreachable(peer, "HTTP " + r.statusCode());
          }
          try {
            JsonNode node = JSON.readTree(r.body());
            ((ObjectNode) node).put("url", peer.toString());
            return node;
          } catch (IOException | ClassCastException e) {
            return unreachable(peer, "not a relay status: " + e.getMessage());
          }
        })
        .exceptionally(e -> unreachable(peer, e.getCause() == null ? e.toString() : e.getCause().toString()));
  }

  private static Map<String, Object> unreachable(URI peer, String why) {
    Map<String, Object> region = new LinkedHashMap<>();
    region.put("region", peer.toString());
    region.put("url", peer.toString());
    region.put("reachable", false);
    region.put("error", why);
    return region;
  }

  private static void respond(HttpExchange exchange, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    history.close();
  }
}
