package dev.activeactive.sandbox.internal.memcached;

import dev.activeactive.sandbox.api.SandboxConfig;
import dev.activeactive.sandbox.api.ServerStatus;
import dev.activeactive.sandbox.api.ZoneEndpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every region's memcached servers, one per zone. */
public final class MemcachedFleet implements AutoCloseable {
  private final Map<String, Map<String, MemcachedServer>> byRegion = new LinkedHashMap<>();

  public MemcachedFleet(SandboxConfig config, Path logDirectory) {
    for (int i = 0; i < config.regions().size(); i++) {
      String region = config.regions().get(i);
      Map<String, MemcachedServer> zones = new LinkedHashMap<>();
      for (String zone : config.zonesOf(region)) {
        zones.put(zone, new MemcachedServer(zone, config.addressOf(i), config.memcachedMemoryMegabytes(), logDirectory));
      }
      byRegion.put(region, zones);
    }
  }

  /** Starts every server; on failure stops the ones already started, so nothing is left behind. */
  public void start() {
    try {
      byRegion.values().forEach(zones -> zones.values().forEach(MemcachedServer::start));
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  public MemcachedServer server(String region, String zone) {
    Map<String, MemcachedServer> zones = byRegion.get(region);
    if (zones == null) {
      throw new IllegalArgumentException("No region '" + region + "'; regions are " + byRegion.keySet());
    }
    MemcachedServer server = zones.get(zone);
    if (server == null) {
      throw new IllegalArgumentException("Region " + region + " has no zone '" + zone + "'; its zones are "
          + zones.keySet());
    }
    return server;
  }

  public List<ZoneEndpoint> zones(String region) {
    return byRegion.get(region).values().stream()
        .map(s -> new ZoneEndpoint(s.zone(), s.address()))
        .toList();
  }

  public List<ServerStatus> status() {
    List<ServerStatus> out = new ArrayList<>();
    byRegion.forEach((region, zones) -> zones.values().forEach(s -> out.add(new ServerStatus(region, "memcached",
        "memcached " + s.zone(), s.address().getHostString() + ":" + s.address().getPort(),
        s.isUp() ? "up" : "down"))));
    return out;
  }

  /** Resumes every running server (SIGCONT; harmless for one that is not paused). */
  public void resumePaused() {
    byRegion.values().forEach(zones -> zones.values().forEach(s -> {
      if (s.process().isAlive()) {
        s.process().resume();
      }
    }));
  }

  /** Restarts every stopped server. */
  public void startStopped() {
    byRegion.values().forEach(zones -> zones.values().forEach(s -> {
      if (!s.process().isAlive()) {
        s.start();
      }
    }));
  }

  @Override
  public void close() {
    byRegion.values().forEach(zones -> zones.values().forEach(MemcachedServer::stop));
  }
}
