package dev.activeactive.sandbox.internal;

import dev.activeactive.sandbox.api.PartitionMode;
import dev.activeactive.sandbox.api.SandboxComponent;
import dev.activeactive.sandbox.api.SandboxFaults;
import dev.activeactive.sandbox.api.WanProfile;
import dev.activeactive.sandbox.internal.net.TcpProxy;
import java.time.Duration;

/** Faults applied to the servers of a {@link LocalRegionSandbox}. */
final class LocalFaults implements SandboxFaults {
  private final LocalRegionSandbox sandbox;

  LocalFaults(LocalRegionSandbox sandbox) {
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
    WanProfile wan = sandbox.wan();
    if (sandbox.isRunning(SandboxComponent.SQS)) {
      sandbox.sqs().paths().forEach(TcpProxy::heal);
      sandbox.sqs().paths().forEach(p -> p.setProfile(wan));
    }
    if (sandbox.isRunning(SandboxComponent.MEMCACHED)) {
      sandbox.memcached().resumePaused();
      sandbox.memcached().startStopped();
    }
    if (sandbox.isRunning(SandboxComponent.CASSANDRA)) {
      var cluster = sandbox.cassandra();
      cluster.healDatacenters();
      cluster.setWan(wan);
      for (String dc : cluster.datacenters()) {
        if (cluster.pid(dc).isEmpty()) {
          cluster.startNode(dc);
        } else {
          cluster.resumeNode(dc);
        }
      }
    }
  }

  @Override
  public void setWan(WanProfile profile) {
    sandbox.setWan(profile);
  }

  @Override
  public WanProfile wan() {
    return sandbox.wan();
  }

  @Override
  public void setQueuePathLatency(String fromRegion, String toRegion, Duration latency) {
    sandbox.sqs().path(fromRegion, toRegion).setLatency(latency);
  }

  @Override
  public void stopMemcached(String region, String zone) {
    sandbox.memcached().server(region, zone).stop();
  }

  @Override
  public void startMemcached(String region, String zone) {
    sandbox.memcached().server(region, zone).start();
  }

  @Override
  public void pauseMemcached(String region, String zone) {
    sandbox.memcached().server(region, zone).process().pause();
  }

  @Override
  public void resumeMemcached(String region, String zone) {
    sandbox.memcached().server(region, zone).process().resume();
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

  @Override
  public void partitionCassandra(PartitionMode mode) {
    sandbox.cassandra().partitionDatacenters(mode);
  }

  @Override
  public void healCassandra() {
    sandbox.cassandra().healDatacenters();
  }

  @Override
  public boolean setCassandraLatency(Duration latency) {
    sandbox.cassandra().setInterDatacenterLatency(latency);
    return true;
  }
}
