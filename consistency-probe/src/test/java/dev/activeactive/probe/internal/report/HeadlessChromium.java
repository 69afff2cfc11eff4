package dev.activeactive.probe.internal.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Debian's headless Chromium driven through chromedriver's W3C WebDriver protocol (plain HTTP and JSON, so no
 * Selenium): open a page, run a script in it, read the answer. Flags as this machine needs them (no sandbox as
 * root, no background networking on a closed network).
 */
final class HeadlessChromium implements AutoCloseable {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process driver;
  private final URI base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String session;
  private final Path profile;

  HeadlessChromium() throws Exception {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new IllegalStateException("This test needs Debian's chromium and chromium-driver: apt-get install "
          + "chromium chromium-driver (.ci/run installs them)");
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    profile = Files.createTempDirectory("probe-chromium");
    driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port).redirectErrorStream(true)
        .redirectOutput(profile.resolve("chromedriver.log").toFile()).start();
    base = URI.create("http://127.0.0.1:" + port);
    awaitReady();
    Map<String, Object> capabilities = Map.of("capabilities", Map.of("alwaysMatch", Map.of("browserName", "chrome",
        "goog:chromeOptions", Map.of("binary", CHROMIUM.toString(), "args", List.of("--headless", "--no-sandbox",
            "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            "--user-data-dir=" + profile.resolve("profile"))))));
    session = post("/session", capabilities).get("sessionId").asText();
  }

  private void awaitReady() throws Exception {
    Instant deadline = Instant.now().plusSeconds(20);
    while (true) {
      try {
        HttpResponse<String> status = http.send(HttpRequest.newBuilder(base.resolve("/status")).build(),
            HttpResponse.BodyHandlers.ofString());
        if (JSON.readTree(status.body()).path("value").path("ready").asBoolean()) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (Instant.now().isAfter(deadline) || !driver.isAlive()) {
        throw new IllegalStateException("chromedriver did not become ready; see " + profile.resolve("chromedriver.log"));
      }
      Thread.sleep(100);
    }
  }

  /** Loads {@code page} and waits for it (WebDriver's navigate returns once the page has loaded). */
  void open(URI page) throws Exception {
    post("/session/" + session + "/url", Map.of("url", page.toString()));
  }

  /** Runs {@code script} (a function body; {@code return} its answer) in the page. */
  JsonNode run(String script) throws Exception {
    return post("/session/" + session + "/execute/sync", Map.of("script", script, "args", List.of()));
  }

  private JsonNode post(String path, Object body) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode value = JSON.readTree(response.body()).path("value");
    if (response.statusCode() != 200) {
      throw new IllegalStateException("WebDriver " + path + " failed: " + response.body());
    }
    return value;
  }

  @Override
  public void close() throws Exception {
    try {
      if (session != null) {
        http.send(HttpRequest.newBuilder(base.resolve("/session/" + session)).DELETE().build(),
            HttpResponse.BodyHandlers.discarding());
      }
    } finally {
      driver.destroy();
      driver.waitFor();
    }
  }
}
