package dev.activeactive.examples.http;

import com.datastax.oss.driver.api.core.DriverException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.activeactive.evcache.api.EVCacheException;
import dev.activeactive.examples.history.HistoryEntry;
import dev.activeactive.examples.history.Json;
import dev.activeactive.examples.history.NowPlayingService;
import dev.activeactive.examples.history.ViewingHistory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's HTTP API on the JDK's built-in server:
 *
 * <pre>
 * PUT    /users/{user}/history/{title}   {"positionSeconds": 1234}   record progress (200, the entry)
 * GET    /users/{user}/history/{title}                               one entry (200, or 404)
 * GET    /users/{user}/history                                       every entry of the user, from the database
 * PUT    /users/{user}/now-playing       {"title": "..."}            set what the user watches (200)
 * GET    /users/{user}/now-playing                                   (200, or 404)
 * DELETE /users/{user}/now-playing                                   (204)
 * GET    /health   /relay   /metrics
 * </pre>
 *
 * Invalid ids or bodies answer 400; a cache tier or database that cannot take a request answers 503.
 */
public final class HttpApi implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HttpApi.class);

  private final HttpServer server;
  private final ExecutorService executor;
  private final ViewingHistory history;
  private final NowPlayingService nowPlaying;
  private final ServiceStatus status;

  private HttpApi(HttpServer server, ExecutorService executor, ViewingHistory history, NowPlayingService nowPlaying,
      ServiceStatus status) {
    this.server = server;
    this.executor = executor;
    this.history = history;
    this.nowPlaying = nowPlaying;
    this.status = status;
  }

  /** Starts the API on {@code address} (port 0 picks a free port). */
  public static HttpApi start(InetSocketAddress address, ViewingHistory history, NowPlayingService nowPlaying,
      ServiceStatus status) throws IOException {
    HttpServer server = HttpServer.create(address, 64);
    AtomicInteger threads = new AtomicInteger();
    // handlers block on memcached and Cassandra, so they get threads of their own, not the server's dispatcher
    ExecutorService executor = Executors.newFixedThreadPool(16, r -> {
      Thread t = new Thread(r, "http-" + status.region() + "-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    HttpApi api = new HttpApi(server, executor, history, nowPlaying, status);
    server.createContext("/users/", api::users);
    server.createContext("/health", api::health);
    server.createContext("/relay", ex -> api.send(ex, 200, Json.write(status.relay())));
    server.createContext("/metrics", ex -> api.send(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
        status.metrics()));
    server.start();
    return api;
  }

  /** The API's base URL, for example {@code http://127.0.0.1:8701}. */
  public URI baseUri() {
    InetSocketAddress address = server.getAddress();
    return URI.create("http://" + address.getHostString() + ":" + address.getPort());
  }

  private void health(HttpExchange exchange) throws IOException {
    boolean healthy = status.healthy();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("region", status.region());
    body.put("status", healthy ? "UP" : "DEGRADED");
    body.put("relay", status.relay());
    send(exchange, healthy ? 200 : 503, Json.write(body));
  }

  private void users(HttpExchange exchange) throws IOException {
    try {
      route(exchange, exchange.getRequestURI().getPath().split("/"));
    } catch (IllegalArgumentException e) {
      send(exchange, 400, error(e.getMessage()));
    } catch (EVCacheException e) {
      send(exchange, 503, error("cache tier unavailable: " + e.getMessage()));
    } catch (DriverException e) {
      send(exchange, 503, error("database unavailable: " + e.getMessage()));
    } catch (RuntimeException e) {
      log.warn("request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
      send(exchange, 500, error(e.toString()));
    }
  }

  /** {@code parts} of "/users/alice/history/t1" are ["", "users", "alice", "history", "t1"]. */
  private void route(HttpExchange exchange, String[] parts) throws IOException {
    String method = exchange.getRequestMethod();
    if (parts.length == 4 && parts[3].equals("history") && method.equals("GET")) {
      send(exchange, 200, Json.write(history.list(parts[2])));
    } else if (parts.length == 5 && parts[3].equals("history")) {
      historyEntry(exchange, method, parts[2], parts[4]);
    } else if (parts.length == 4 && parts[3].equals("now-playing")) {
      nowPlaying(exchange, method, parts[2]);
    } else {
      send(exchange, 404, error("no such resource: " + exchange.getRequestURI().getPath()));
    }
  }

  private void historyEntry(HttpExchange exchange, String method, String user, String title) throws IOException {
    switch (method) {
      case "GET" -> sendFound(exchange, history.find(user, title));
      case "PUT" -> {
        PositionBody body = Json.read(body(exchange), PositionBody.class);
        if (body.positionSeconds() == null) {
          throw new IllegalArgumentException("the body needs positionSeconds, e.g. {\"positionSeconds\": 1234}");
        }
        HistoryEntry entry = history.record(user, title, body.positionSeconds());
        send(exchange, 200, Json.write(entry));
      }
      default -> send(exchange, 405, error("use GET or PUT"));
    }
  }

  private void nowPlaying(HttpExchange exchange, String method, String user) throws IOException {
    switch (method) {
      case "GET" -> sendFound(exchange, nowPlaying.get(user));
      case "PUT" -> {
        TitleBody body = Json.read(body(exchange), TitleBody.class);
        if (body.title() == null) {
          throw new IllegalArgumentException("the body needs title, e.g. {\"title\": \"the-crown-s1e1\"}");
        }
        send(exchange, 200, Json.write(nowPlaying.set(user, body.title())));
      }
      case "DELETE" -> {
        nowPlaying.clear(user);
        send(exchange, 204, "");
      }
      default -> send(exchange, 405, error("use GET, PUT or DELETE"));
    }
  }

  private void sendFound(HttpExchange exchange, Optional<?> value) throws IOException {
    if (value.isPresent()) {
      send(exchange, 200, Json.write(value.get()));
    } else {
      send(exchange, 404, error("not found"));
    }
  }

  private static String body(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String error(String message) {
    return Json.write(Map.of("error", String.valueOf(message)));
  }

  private void send(HttpExchange exchange, int code, String json) throws IOException {
    send(exchange, code, "application/json", json);
  }

  private void send(HttpExchange exchange, int code, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(code, code == 204 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      if (code != 204) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** The body of a history PUT. */
  public record PositionBody(Long positionSeconds) {}

  /** The body of a now-playing PUT. */
  public record TitleBody(String title) {}
}
