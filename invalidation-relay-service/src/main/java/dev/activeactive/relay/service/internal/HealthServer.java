package dev.activeactive.relay.service.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.activeactive.relay.api.InvalidationRelay;
import dev.activeactive.relay.service.internal.status.StatusEndpoints;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * {@code /status} and {@code /status.json} (the status page, see {@link StatusEndpoints}),
 * {@code /health} (200 when the relay is ready, 503 otherwise, with a one-line reason) and {@code /metrics}
 * (Prometheus text format) over HTTP, for load balancers, orchestrators and scrapers.
 */
public final class HealthServer implements AutoCloseable {
  private final HttpServer server;

  public HealthServer(String host, int port, InvalidationRelay relay, PrometheusMeterRegistry registry)
      throws IOException {
    this(host, port, relay, registry, null);
  }

  /** With the status page too ({@code /status}, {@code /status.json}) when {@code status} is not null. */
  public HealthServer(String host, int port, InvalidationRelay relay, PrometheusMeterRegistry registry,
      StatusEndpoints status) throws IOException {
    server = HttpServer.create(new InetSocketAddress(host, port), 32);
    // two threads: /status.json waits up to 2 s for peers, and /health must answer meanwhile
    server.setExecutor(Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "relay-http");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/health", ex -> {
      boolean ready = relay.isReady();
      var stats = relay.stats();
      String body = (ready ? "UP" : "DOWN") + " region=" + relay.config().region() + " applied="
          + stats.messagesApplied() + " rejected=" + stats.rejectedTotal() + "\n";
      respond(ex, ready ? 200 : 503, "text/plain; charset=utf-8", body);
    });
    server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
        registry.scrape()));
    if (status != null) {
      status.register(server);
    }
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, int code, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
