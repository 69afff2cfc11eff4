package dev.activeactive.sandbox.internal.containers;

import dev.activeactive.sandbox.api.PartitionMode;
import dev.activeactive.sandbox.api.SandboxComponent;
import dev.activeactive.sandbox.api.SandboxException;
import dev.activeactive.sandbox.api.WanProfile;
import dev.activeactive.sandbox.api.SandboxFaults;
import dev.activeactive.sandbox.internal.net.TcpProxy;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Faults applied to the containers of a {@link ContainerRegionSandbox}: queue paths through the same
 * {@link TcpProxy} as the process backend, servers through Docker's stop, start, pause and unpause.
 */
final class ContainerFaults implements SandboxFaults {
  private static final Logger log = LoggerFactory.getLogger(ContainerFaults.class);

  private final ContainerRegionSandbox sandbox;

  ContainerFaults(ContainerRegionSandbox sandbox) {
    this.sandbox = sandbox;
  }

  @Override
  public void partition(String fromRegion, String toRegion, PartitionMode mode) {
    sandbox.sqs().path(fromRegion, toRegion).partition(mode);
  }

  @Override
  public void heal(String fromRegion, String toRegion) {
    sandbox.sqs().path(fromRegion, toRegion).heal();
  }

  @Override
  public void healAll() {
    if (sandbox.isRunning(SandboxComponent.SQS)) {
      sandbox.sqs().paths().forEach(TcpProxy::heal);
      sandbox.sqs().paths().forEach(p -> p.setProfile(sandbox.wan()));
    }
    if (sandbox.isRunning(SandboxComponent.MEMCACHED)) {
      sandbox.memcached().startStopped();
    }
    if (sandbox.isRunning(SandboxComponent.CASSANDRA)) {
      CassandraContainers cluster = sandbox.cassandra();
      for (String dc : cluster.datacenters()) {
        if (cluster.isNodeRunning(dc)) {
          cluster.resumeNode(dc);
        } else {
          cluster.startNode(dc);
        }
      }
    }
  }

  @Override
  public void setWan(WanProfile profile) {
    sandbox.setWan(profile);
    if (!profile.isNone() && sandbox.isRunning(SandboxComponent.CASSANDRA)) {
      log.warn("The containers backend shapes only the queue paths; Cassandra's datacenters stay 0 ms apart."
          + " Use the process backend for a WAN between them.");
    }
  }

  @Override
  public WanProfile wan() {
    return sandbox.wan();
  }

  /** Not available with containers: the nodes reach each other on Docker's network, not through a path of ours. */
  @Override
  public void partitionCassandra(PartitionMode mode) {
    throw new SandboxException("Partitioning Cassandra's datacenters needs the process backend"
        + " (-Dactiveactive.sandbox.backend=process): with containers the nodes talk over Docker's network.");
  }

  @Override
  public void healCassandra() {
    // nothing can be partitioned here
  }

  @Override
  public void setQueuePathLatency(String fromRegion, String toRegion, Duration latency) {
    sandbox.sqs().path(fromRegion, toRegion).setLatency(latency);
  }

  @Override
  public void stopMemcached(String region, String zone) {
    sandbox.memcached().stop(region, zone);
  }

  @Override
  public void startMemcached(String region, String zone) {
    sandbox.memcached().start(region, zone);
  }

  @Override
  public void pauseMemcached(String region, String zone) {
    sandbox.memcached().pause(region, zone);
  }

  @Override
  public void resumeMemcached(String region, String zone) {
    sandbox.memcached().resume(region, zone);
  }

  @Override
  public void stopCassandra(String region) {
    sandbox.cassandra().stopNode(region);
  }

  @Override
  public void startCassandra(String region) {
    sandbox.cassandra().startNode(region);
  }

  @Override
  public void pauseCassandra(String region) {
    sandbox.cassandra().pauseNode(region);
  }

  @Override
  public void resumeCassandra(String region) {
    sandbox.cassandra().resumeNode(region);
  }

  /**
   * Not available with containers: the nodes reach each other on Docker's network, not through a path of ours.
   * No latency is trivially in force, so zero succeeds.
   */
  @Override
  public boolean setCassandraLatency(Duration latency) {
    if (latency.isZero()) {
      return true;
    }
    log.warn("Cassandra inter-datacenter latency is not supported by the containers backend (the nodes talk"
        + " over Docker's network); no latency added. Use the process backend for it.");
    return false;
  }
}
