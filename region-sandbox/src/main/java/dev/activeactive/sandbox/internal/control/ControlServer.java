package dev.activeactive.sandbox.internal.control;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.activeactive.sandbox.api.PartitionMode;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.SandboxComponent;
import dev.activeactive.sandbox.api.SandboxFaults;
import dev.activeactive.sandbox.api.WanProfile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a running sandbox to other JVMs on 127.0.0.1: its topology, its status, requiring components, and
 * every fault handle. {@link RemoteRegionSandbox} is the client. Plain text over HTTP so that it is easy to
 * poke with curl too.
 */
public final class ControlServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ControlServer.class);

  private final RegionSandbox sandbox;
  private final Runnable onShutdown;
  private final HttpServer server;

  public ControlServer(RegionSandbox sandbox, Runnable onShutdown) throws IOException {
    this.sandbox = sandbox;
    this.onShutdown = onShutdown;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.setExecutor(Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "sandbox-control");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/topology", ex -> handle(ex, "GET", q -> encodeTopology()));
    server.createContext("/status", ex -> handle(ex, "GET", q -> TopologyCodec.encodeStatus(sandbox.status())));
    server.createContext("/require", ex -> handle(ex, "POST", this::require));
    server.createContext("/fault", ex -> handle(ex, "POST", this::fault));
    server.createContext("/shutdown", ex -> handle(ex, "POST", q -> {
      Thread stopper = new Thread(onShutdown, "sandbox-shutdown");
      stopper.start();
      return "stopping\n";
    }));
  }

  public ControlServer start() {
    server.start();
    return this;
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private String encodeTopology() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TopologyCodec.encode(sandbox.topology()).store(out, null);
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  private String require(Map<String, String> query) {
    SandboxComponent[] components = Arrays.stream(param(query, "components").split(","))
        .map(SandboxComponent::valueOf)
        .toArray(SandboxComponent[]::new);
    sandbox.require(components);
    return "ok\n";
  }

  private String fault(Map<String, String> query) {
    SandboxFaults faults = sandbox.faults();
    String action = param(query, "action");
    switch (action) {
      case "partition" -> faults.partition(param(query, "from"), param(query, "to"), mode(query));
      case "heal" -> faults.heal(param(query, "from"), param(query, "to"));
      case "healAll" -> faults.healAll();
      case "setWan" -> faults.setWan(WanProfile.parse(param(query, "profile")));
      case "wan" -> {
        return faults.wan().spec() + "\n";
      }
      case "partitionCassandra" -> faults.partitionCassandra(mode(query));
      case "healCassandra" -> faults.healCassandra();
      case "queuePathLatency" -> faults.setQueuePathLatency(param(query, "from"), param(query, "to"), millis(query));
      case "stopMemcached" -> faults.stopMemcached(param(query, "region"), param(query, "zone"));
      case "startMemcached" -> faults.startMemcached(param(query, "region"), param(query, "zone"));
      case "pauseMemcached" -> faults.pauseMemcached(param(query, "region"), param(query, "zone"));
      case "resumeMemcached" -> faults.resumeMemcached(param(query, "region"), param(query, "zone"));
      case "stopCassandra" -> faults.stopCassandra(param(query, "region"));
      case "startCassandra" -> faults.startCassandra(param(query, "region"));
      case "pauseCassandra" -> faults.pauseCassandra(param(query, "region"));
      case "resumeCassandra" -> faults.resumeCassandra(param(query, "region"));
      case "cassandraLatency" -> {
        return faults.setCassandraLatency(millis(query)) + "\n";
      }
      default -> throw new IllegalArgumentException("Unknown fault action '" + action + "'");
    }
    return "ok\n";
  }

  private static PartitionMode mode(Map<String, String> query) {
    String mode = query.getOrDefault("mode", "RESET");
    try {
      return PartitionMode.valueOf(mode.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Unknown partition mode '" + mode + "'; use one of "
          + java.util.Arrays.toString(PartitionMode.values()));
    }
  }

  private static Duration millis(Map<String, String> query) {
    return Duration.ofMillis(Long.parseLong(param(query, "millis")));
  }

  private static String param(Map<String, String> query, String name) {
    String value = query.get(name);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("Missing query parameter '" + name + "'");
    }
    return value;
  }

  @FunctionalInterface
  private interface Handler {
    String answer(Map<String, String> query) throws Exception;
  }

  private void handle(HttpExchange exchange, String method, Handler handler) throws IOException {
    int code;
    String body;
    try {
      if (!exchange.getRequestMethod().equals(method)) {
        code = 405;
        body = "use " + method + "\n";
      } else {
        body = handler.answer(parseQuery(exchange.getRequestURI()));
        code = 200;
      }
    } catch (IllegalArgumentException e) {
      code = 400;
      body = e.getMessage() + "\n";
    } catch (Exception e) {
      log.warn("control request {} failed", exchange.getRequestURI(), e);
      code = 500;
      body = e.getMessage() + "\n";
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Map<String, String> parseQuery(URI uri) {
    Map<String, String> out = new HashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
