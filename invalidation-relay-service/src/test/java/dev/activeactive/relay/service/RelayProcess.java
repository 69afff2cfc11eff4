package dev.activeactive.relay.service;

import dev.activeactive.relay.service.internal.RelayMain;
import dev.activeactive.sandbox.api.RegionEndpoints;
import dev.activeactive.sandbox.api.ZoneEndpoint;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The relay service run as its own JVM, configured through environment variables, as operators run it. */
final class RelayProcess implements AutoCloseable {
  private static final Pattern APPLIED = Pattern.compile("applied=(\\d+)");

  private final Process process;
  private final int httpPort;
  private final Path log;
  private final HttpClient http = HttpClient.newHttpClient();

  RelayProcess(RegionEndpoints region, Map<String, String> extraEnv) throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      httpPort = socket.getLocalPort();
    }
    List<String> zones = new ArrayList<>();
    for (ZoneEndpoint zone : region.zones()) {
      zones.add(zone.name() + "=" + zone.memcachedHostPort());
    }
    log = Files.createTempFile("relay-" + region.name(), ".log");
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), RelayMain.class.getName())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.put("RELAY_REGION", region.name());
    env.put("RELAY_QUEUE", region.queues().queueUrl());
    env.put("RELAY_SQS_ENDPOINT", region.queues().endpoint().toString());
    env.put("RELAY_ZONES", String.join(";", zones));
    env.put("RELAY_HTTP_HOST", "127.0.0.1");
    env.put("RELAY_HTTP_PORT", Integer.toString(httpPort));
    env.put("RELAY_AWS_ACCESS_KEY_ID", "sandbox");
    env.put("RELAY_AWS_SECRET_ACCESS_KEY", "sandbox");
    env.put("RELAY_VISIBILITY_TIMEOUT", "3s");
    env.putAll(extraEnv);
    process = builder.start();
  }

  /** GET a path of the relay's HTTP endpoint; status and body. */
  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Messages applied so far, from /health; -1 while the endpoint does not answer. */
  long applied() {
    try {
      Matcher m = APPLIED.matcher(get("/health").body());
      return m.find() ? Long.parseLong(m.group(1)) : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  Process process() {
    return process;
  }

  String logText() throws IOException {
    return Files.readString(log);
  }

  /** SIGKILL, as a crash. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor();
    }
  }
}
