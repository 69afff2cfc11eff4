package dev.activeactive.sandbox.internal.containers;

import dev.activeactive.sandbox.api.SandboxConfig;
import dev.activeactive.sandbox.api.ServerStatus;
import dev.activeactive.sandbox.api.ZoneEndpoint;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.utility.DockerImageName;

/** Every region's memcached containers, one per zone, each published on its own fixed host port. */
final class MemcachedContainers implements AutoCloseable {
  static final DockerImageName IMAGE = DockerImageName.parse("memcached:1.6");
  private static final int MEMCACHED_PORT = 11211;
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final Map<String, Map<String, Zone>> byRegion = new LinkedHashMap<>();

  /** One zone's server and where the host reaches it. */
  private record Zone(String name, SandboxContainer container, InetSocketAddress address) {}

  MemcachedContainers(SandboxConfig config, String dockerHost, HostPorts ports) {
    for (String region : config.regions()) {
      Map<String, Zone> zones = new LinkedHashMap<>();
      for (String zone : config.zonesOf(region)) {
        InetSocketAddress address = new InetSocketAddress(dockerHost, ports.next());
        SandboxContainer container = new SandboxContainer(IMAGE, "memcached " + zone)
            .withHostPort(address.getPort(), MEMCACHED_PORT)
            // the image's entrypoint passes arguments starting with '-' to memcached
            .withCommand("-m", Integer.toString(config.memcachedMemoryMegabytes()), "-U", "0", "-t", "2",
                "-c", "4096")
            .waitingFor(new ProbeWaitStrategy("memcached " + zone, () -> Readiness.memcachedAnswers(address)))
            .withStartupTimeout(READY_TIMEOUT);
        zones.put(zone, new Zone(zone, container, address));
      }
      byRegion.put(region, zones);
    }
  }

  /** Starts every server at once; on failure removes the ones already started, so nothing is left behind. */
  void start() {
    try {
      SandboxContainer.startAll(containers());
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  List<ZoneEndpoint> zones(String region) {
    return byRegion.get(region).values().stream()
        .map(z -> new ZoneEndpoint(z.name(), z.address()))
        .toList();
  }

  /** Stops one zone's server; its container stays, so it starts again on the same port. */
  void stop(String region, String zone) {
    zone(region, zone).container().stopKeepingContainer(Duration.ofSeconds(5));
  }

  /** Starts a stopped zone again, empty, and waits until it answers. */
  void start(String region, String zoneName) {
    Zone zone = zone(region, zoneName);
    if (!zone.container().isRunning()) {
      zone.container().startAgain();
    }
    Readiness.await("memcached " + zoneName, READY_TIMEOUT, () -> Readiness.memcachedAnswers(zone.address()));
  }

  /** Freezes a zone ({@code docker pause}). */
  void pause(String region, String zone) {
    zone(region, zone).container().pauseServer();
  }

  /** Thaws a frozen zone. */
  void resume(String region, String zone) {
    zone(region, zone).container().resumeServer();
  }

  /** Starts every stopped zone again. */
  void startStopped() {
    byRegion.forEach((region, zones) -> zones.keySet().forEach(zone -> {
      resume(region, zone);
      start(region, zone);
    }));
  }

  List<ServerStatus> status() {
    List<ServerStatus> out = new ArrayList<>();
    byRegion.forEach((region, zones) -> zones.values().forEach(z -> out.add(new ServerStatus(region, "memcached",
        "memcached " + z.name(), z.address().getHostString() + ":" + z.address().getPort(),
        z.container().isServing() && Readiness.memcachedAnswers(z.address()) ? "up" : "down"))));
    return out;
  }

  private Zone zone(String region, String zone) {
    Map<String, Zone> zones = byRegion.get(region);
    if (zones == null) {
      throw new IllegalArgumentException("No region '" + region + "'; regions are " + byRegion.keySet());
    }
    Zone found = zones.get(zone);
    if (found == null) {
      throw new IllegalArgumentException("Region " + region + " has no zone '" + zone + "'; its zones are "
          + zones.keySet());
    }
    return found;
  }

  private List<SandboxContainer> containers() {
    return byRegion.values().stream().flatMap(zones -> zones.values().stream()).map(Zone::container).toList();
  }

  @Override
  public void close() {
    containers().forEach(SandboxContainer::remove);
  }
}
