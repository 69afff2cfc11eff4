package dev.activeactive.sandbox.internal.containers;

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
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * A sandbox whose servers run in Docker containers through Testcontainers, for machines with Docker but
 * without memcached installed. Same topology and fault handles as the process backend; every address it
 * reports is on the Docker host. Testcontainers' reaper removes the containers even if this JVM dies.
 */
public final class ContainerRegionSandbox implements RegionSandbox {
  private static final Logger log = LoggerFactory.getLogger(ContainerRegionSandbox.class);

  private final SandboxConfig config;
  private final String dockerHost;
  private final HostPorts ports = new HostPorts();
  private final Set<SandboxComponent> running = EnumSet.noneOf(SandboxComponent.class);
  private final ContainerFaults faults = new ContainerFaults(this);
  private MemcachedContainers memcached;
  private ElasticMqContainers sqs;
  private WanProfile wan;
  private CassandraContainers cassandra;
  private boolean closed;

  /**
   * A sandbox with nothing started yet.
   *
   * @throws SandboxException when no Docker engine answers
   */
  public ContainerRegionSandbox(SandboxConfig config) {
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      throw new SandboxException("The containers backend needs a running Docker engine, and none answers."
          + " Start Docker (or set DOCKER_HOST), or use the process backend"
          + " (-Dactiveactive.sandbox.backend=process) with memcached installed.");
    }
    this.config = config;
    this.wan = config.wan();
    this.dockerHost = DockerClientFactory.instance().dockerHostIpAddress();
  }

  public SandboxConfig config() {
    return config;
  }

  synchronized WanProfile wan() {
    return wan;
  }

  /** Shapes the queue paths; Cassandra's containers talk to each other on Docker's network, unshaped. */
  synchronized void setWan(WanProfile profile) {
    this.wan = java.util.Objects.requireNonNull(profile, "profile");
    if (sqs != null) {
      sqs.paths().forEach(p -> p.setProfile(profile));
    }
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
          memcached = new MemcachedContainers(config, dockerHost, ports);
          memcached.start();
        }
        case SQS -> {
          sqs = new ElasticMqContainers(config, dockerHost, ports);
          sqs.start();
          sqs.paths().forEach(p -> p.setProfile(wan));
        }
        case CASSANDRA -> {
          cassandra = new CassandraContainers(config, dockerHost, ports);
          cassandra.start();
        }
        default -> throw new IllegalStateException("unknown component " + component);
      }
      running.add(component);
      log.info("sandbox {} ready in containers in {} ms", component, (System.nanoTime() - start) / 1_000_000);
    }
  }

  @Override
  public synchronized SandboxTopology topology() {
    List<RegionEndpoints> regions = new ArrayList<>();
    for (String region : config.regions()) {
      regions.add(new RegionEndpoints(
          region,
          dockerHost,
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
    for (String region : config.regions()) {
      if (cassandra == null) {
        out.add(new ServerStatus(region, "cassandra", "cassandra " + region, dockerHost, "not started"));
      } else {
        InetSocketAddress address = cassandra.nativeAddress(region);
        String state = cassandra.isNodePaused(region) ? "paused" : cassandra.isNodeUp(region) ? "up" : "down";
        out.add(new ServerStatus(region, "cassandra", "cassandra " + region,
            address.getHostString() + ":" + address.getPort(), state));
      }
    }
    return out;
  }

  synchronized MemcachedContainers memcached() {
    if (memcached == null) {
      throw new SandboxException("memcached is not running; require SandboxComponent.MEMCACHED first");
    }
    return memcached;
  }

  synchronized ElasticMqContainers sqs() {
    if (sqs == null) {
      throw new SandboxException("SQS is not running; require SandboxComponent.SQS first");
    }
    return sqs;
  }

  synchronized CassandraContainers cassandra() {
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
    // each group is removed even if another one fails to stop
    closeQuietly("Cassandra", cassandra);
    closeQuietly("SQS", sqs);
    closeQuietly("memcached", memcached);
    running.clear();
  }

  private static void closeQuietly(String what, AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      log.warn("removing the {} containers failed: {}", what, e.toString());
    }
  }
}
