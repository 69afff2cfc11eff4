package dev.activeactive.sandbox.internal;

import dev.activeactive.sandbox.api.CassandraEndpoint;
import dev.activeactive.sandbox.api.RegionEndpoints;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.SandboxComponent;
import dev.activeactive.sandbox.api.SandboxConfig;
import dev.activeactive.sandbox.api.SandboxException;
import dev.activeactive.sandbox.api.SandboxFaults;
import dev.activeactive.sandbox.api.SandboxTopology;
import dev.activeactive.sandbox.api.ServerStatus;
import dev.activeactive.sandbox.api.WanProfile;
import dev.activeactive.sandbox.internal.cassandra.CassandraCluster;
import dev.activeactive.sandbox.internal.cassandra.CassandraNodeSpec;
import dev.activeactive.sandbox.internal.memcached.MemcachedFleet;
import dev.activeactive.sandbox.internal.sqs.SqsFleet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A sandbox whose servers this JVM starts and owns. */
public final class LocalRegionSandbox implements RegionSandbox {
  private static final Logger log = LoggerFactory.getLogger(LocalRegionSandbox.class);

  private final SandboxConfig config;
  private final Path workDirectory;
  private final boolean temporaryWorkDirectory;
  private final Set<SandboxComponent> running = EnumSet.noneOf(SandboxComponent.class);
  private final LocalFaults faults = new LocalFaults(this);
  private MemcachedFleet memcached;
  private SqsFleet sqs;
  private CassandraCluster cassandra;
  private boolean closed;
  private WanProfile wan;

  public LocalRegionSandbox(SandboxConfig config) {
    this.config = config;
    this.temporaryWorkDirectory = config.workDirectory().isEmpty();
    this.wan = config.wan();
    try {
      this.workDirectory = temporaryWorkDirectory
          ? Files.createTempDirectory("region-sandbox-")
          : Files.createDirectories(config.workDirectory().get());
    } catch (IOException e) {
      throw new SandboxException("Cannot create the sandbox's work folder: " + e.getMessage(), e);
    }
  }

  public SandboxConfig config() {
    return config;
  }

  public Path workDirectory() {
    return workDirectory;
  }

  @Override
  public synchronized void require(SandboxComponent... components) {
    if (closed) {
      throw new SandboxException("This sandbox is closed; build a new one");
    }
    for (SandboxComponent component : components) {
      if (running.contains(component)) {
        continue;
      }
      long start = System.nanoTime();
      switch (component) {
        case MEMCACHED -> {
          memcached = new MemcachedFleet(config, workDirectory.resolve("logs"));
          memcached.start();
        }
        case SQS -> {
          sqs = new SqsFleet(config);
          sqs.start();
          sqs.paths().forEach(p -> p.setProfile(wan));
        }
        case CASSANDRA -> cassandra = CassandraCluster.start(cassandraNodes(), workDirectory.resolve("cassandra"),
            config.cassandraStartTimeout(), wan);
        default -> throw new IllegalStateException("unknown component " + component);
      }
      running.add(component);
      log.info("sandbox {} ready in {} ms", component, (System.nanoTime() - start) / 1_000_000);
    }
  }

  private List<CassandraNodeSpec> cassandraNodes() {
    List<CassandraNodeSpec> nodes = new ArrayList<>();
    for (int i = 0; i < config.regions().size(); i++) {
      String region = config.regions().get(i);
      nodes.add(new CassandraNodeSpec(region, config.zonesOf(region).get(0), config.addressOf(i)));
    }
    return nodes;
  }

  @Override
  public synchronized SandboxTopology topology() {
    List<RegionEndpoints> regions = new ArrayList<>();
    for (int i = 0; i < config.regions().size(); i++) {
      String region = config.regions().get(i);
      regions.add(new RegionEndpoints(
          region,
          config.addressOf(i),
          memcached == null ? List.of() : memcached.zones(region),
          sqs == null ? null : sqs.queues(region),
          cassandra == null ? null : new CassandraEndpoint(cassandra.nativeAddress(region), region),
          sqs == null ? Map.of() : sqs.pathsTo(region)));
    }
    return new SandboxTopology(regions);
  }

  @Override
  public SandboxFaults faults() {
    return faults;
  }

  @Override
  public synchronized List<ServerStatus> status() {
    List<ServerStatus> out = new ArrayList<>();
    if (memcached != null) {
      out.addAll(memcached.status());
    }
    if (sqs != null) {
      out.addAll(sqs.status());
    }
    for (int i = 0; i < config.regions().size(); i++) {
      String region = config.regions().get(i);
      if (cassandra == null) {
        out.add(new ServerStatus(region, "cassandra", "cassandra " + region, config.addressOf(i), "not started"));
      } else {
        var address = cassandra.nativeAddress(region);
        out.add(new ServerStatus(region, "cassandra", "cassandra " + region,
            address.getHostString() + ":" + address.getPort(), cassandra.isNodeUp(region) ? "up" : "down"));
      }
    }
    if (cassandra != null) {
      out.add(new ServerStatus("*", "cassandra-paths", "cassandra paths (" + cassandra.wan().name() + ")",
          cassandra.interDatacenterAddresses(), cassandra.interDatacenterState()));
    }
    return out;
  }

  synchronized WanProfile wan() {
    return wan;
  }

  /** Gives every inter-region path this shape, now and for components started later. */
  synchronized void setWan(WanProfile profile) {
    this.wan = java.util.Objects.requireNonNull(profile, "profile");
    if (sqs != null) {
      sqs.paths().forEach(p -> p.setProfile(profile));
    }
    if (cassandra != null) {
      cassandra.setWan(profile);
    }
    log.info("WAN between regions: {}", profile.describe());
  }

  synchronized MemcachedFleet memcached() {
    if (memcached == null) {
      throw new SandboxException("memcached is not running; require SandboxComponent.MEMCACHED first");
    }
    return memcached;
  }

  synchronized SqsFleet sqs() {
    if (sqs == null) {
      throw new SandboxException("SQS is not running; require SandboxComponent.SQS first");
    }
    return sqs;
  }

  synchronized CassandraCluster cassandra() {
    if (cassandra == null) {
      throw new SandboxException("Cassandra is not running; require SandboxComponent.CASSANDRA first");
    }
    return cassandra;
  }

  synchronized boolean isRunning(SandboxComponent component) {
    return running.contains(component);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    // Each fleet is stopped even if another one fails to stop.
    closeQuietly("Cassandra", cassandra);
    closeQuietly("SQS", sqs);
    closeQuietly("memcached", memcached);
    running.clear();
    if (temporaryWorkDirectory) {
      deleteRecursively(workDirectory);
    }
  }

  private static void closeQuietly(String what, AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      log.warn("stopping {} failed: {}", what, e.toString());
    }
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.debug("could not delete {}: {}", root, e.toString());
    }
  }
}
