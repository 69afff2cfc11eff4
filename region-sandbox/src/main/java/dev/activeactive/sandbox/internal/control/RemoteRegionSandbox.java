package dev.activeactive.sandbox.internal.control;

import dev.activeactive.sandbox.api.PartitionMode;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.SandboxComponent;
import dev.activeactive.sandbox.api.SandboxException;
import dev.activeactive.sandbox.api.SandboxFaults;
import dev.activeactive.sandbox.api.WanProfile;
import dev.activeactive.sandbox.api.SandboxTopology;
import dev.activeactive.sandbox.api.ServerStatus;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * A sandbox that another process runs (started by {@code ./sandbox up}), used through its control server.
 * Closing it does not stop that sandbox: it belongs to whoever started it.
 */
public final class RemoteRegionSandbox implements RegionSandbox {
  private static final Duration CALL_TIMEOUT = Duration.ofMinutes(4);

  private final URI control;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final SandboxFaults faults = new RemoteFaults();

  public RemoteRegionSandbox(URI control) {
    this.control = control;
  }

  public URI controlUrl() {
    return control;
  }

  /** Whether the control server answers at all. */
  public boolean isReachable() {
    try {
      call("GET", "/status", Map.of(), Duration.ofSeconds(2));
      return true;
    } catch (SandboxException e) {
      return false;
    }
  }

  @Override
  public void require(SandboxComponent... components) {
    call("POST", "/require", Map.of("components",
        Arrays.stream(components).map(Enum::name).collect(Collectors.joining(","))), CALL_TIMEOUT);
  }

  @Override
  public SandboxTopology topology() {
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(call("GET", "/topology", Map.of(), CALL_TIMEOUT)));
    } catch (IOException e) {
      throw new SandboxException("Unreadable topology from the sandbox at " + control, e);
    }
    return TopologyCodec.decode(properties);
  }

  @Override
  public SandboxFaults faults() {
    return faults;
  }

  @Override
  public List<ServerStatus> status() {
    return TopologyCodec.decodeStatus(call("GET", "/status", Map.of(), CALL_TIMEOUT));
  }

  /** Asks the sandbox process to stop everything and exit. */
  public void shutdown() {
    call("POST", "/shutdown", Map.of(), Duration.ofSeconds(10));
  }

  @Override
  public void close() {
    // the sandbox belongs to the process that started it
  }

  private String call(String method, String path, Map<String, String> query, Duration timeout) {
    String q = query.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    URI uri = control.resolve(path + (q.isEmpty() ? "" : "?" + q));
    HttpRequest request = HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .method(method, HttpRequest.BodyPublishers.noBody())
        .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new SandboxException("The sandbox at " + control + " does not answer (" + e.getMessage()
          + "). Is './sandbox up' still running? './sandbox status' tells.", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SandboxException("Interrupted while calling the sandbox at " + control, e);
    }
    if (response.statusCode() != 200) {
      throw new SandboxException("The sandbox refused " + path + ": " + response.body().trim());
    }
    return response.body();
  }

  private final class RemoteFaults implements SandboxFaults {
    private void fault(String action, String... keyValues) {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("action", action);
      for (int i = 0; i < keyValues.length; i += 2) {
        query.put(keyValues[i], keyValues[i + 1]);
      }
      call("POST", "/fault", query, CALL_TIMEOUT);
    }

    @Override
    public void partition(String fromRegion, String toRegion, PartitionMode mode) {
      fault("partition", "from", fromRegion, "to", toRegion, "mode", mode.name());
    }

    @Override
    public void heal(String fromRegion, String toRegion) {
      fault("heal", "from", fromRegion, "to", toRegion);
    }

    @Override
    public void healAll() {
      fault("healAll");
    }

    @Override
    public void setWan(WanProfile profile) {
      fault("setWan", "profile", profile.spec());
    }

    @Override
    public WanProfile wan() {
      return WanProfile.parse(call("POST", "/fault", Map.of("action", "wan"), CALL_TIMEOUT).trim());
    }

    @Override
    public void partitionCassandra(PartitionMode mode) {
      fault("partitionCassandra", "mode", mode.name());
    }

    @Override
    public void healCassandra() {
      fault("healCassandra");
    }

    @Override
    public void setQueuePathLatency(String fromRegion, String toRegion, Duration latency) {
      fault("queuePathLatency", "from", fromRegion, "to", toRegion, "millis", Long.toString(latency.toMillis()));
    }

    @Override
    public void stopMemcached(String region, String zone) {
      fault("stopMemcached", "region", region, "zone", zone);
    }

    @Override
    public void startMemcached(String region, String zone) {
      fault("startMemcached", "region", region, "zone", zone);
    }

    @Override
    public void stopCassandra(String region) {
      fault("stopCassandra", "region", region);
    }

    @Override
    public void startCassandra(String region) {
      fault("startCassandra", "region", region);
    }

    @Override
    public void pauseMemcached(String region, String zone) {
      fault("pauseMemcached", "region", region, "zone", zone);
    }

    @Override
    public void resumeMemcached(String region, String zone) {
      fault("resumeMemcached", "region", region, "zone", zone);
    }

    @Override
    public void pauseCassandra(String region) {
      fault("pauseCassandra", "region", region);
    }

    @Override
    public void resumeCassandra(String region) {
      fault("resumeCassandra", "region", region);
    }

    @Override
    public boolean setCassandraLatency(Duration latency) {
      String answer = call("POST", "/fault", Map.of("action", "cassandraLatency", "millis",
          Long.toString(latency.toMillis())), CALL_TIMEOUT);
      return Boolean.parseBoolean(answer.trim());
    }
  }
}
