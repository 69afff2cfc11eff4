package dev.activeactive.sandbox.api;

import java.time.Duration;

/**
 * Fault handles for resilience tests and chaos drills. Every fault is reversible; {@link #healAll()} undoes
 * all of them, which tests should call when they finish.
 *
 * <p>The queue path from region A to region B is what region A's publishers use to reach region B's SQS
 * queue (see {@link RegionEndpoints#queueEndpointFrom(String)}). Cassandra's datacenters replicate over paths
 * of their own, one in front of each node: a region's drivers reach their own node directly, other nodes
 * through the path. Both kinds of path carry the sandbox's {@link #wan() WAN profile}.
 */
public interface SandboxFaults {

  /**
   * Cuts the queue path from {@code fromRegion} to {@code toRegion} in {@link PartitionMode#RESET} mode: open
   * connections are reset and new ones are refused until {@link #heal}. The regions' own local paths keep
   * working, as in Netflix's split-brain.
   */
  default void partition(String fromRegion, String toRegion) {
    partition(fromRegion, toRegion, PartitionMode.RESET);
  }

  /** Cuts the queue path from {@code fromRegion} to {@code toRegion}; see {@link PartitionMode} for the modes. */
  void partition(String fromRegion, String toRegion, PartitionMode mode);

  /**
   * Restores the queue path from {@code fromRegion} to {@code toRegion}; connections stalled by a blackhole
   * resume. The path keeps its WAN shape.
   */
  void heal(String fromRegion, String toRegion);

  /**
   * Heals every queue path and the paths between Cassandra datacenters, gives every path the sandbox's
   * {@link #wan() WAN profile} again (undoing {@link #setQueuePathLatency} and {@link #setCassandraLatency}),
   * resumes paused servers and restarts stopped ones.
   */
  void healAll();

  /**
   * Gives every inter-region path, queue paths and Cassandra's, this shape from now on; it becomes the profile
   * that {@link #healAll()} restores.
   */
  void setWan(WanProfile profile);

  /** The WAN profile of the sandbox: the configured one, or the last one set with {@link #setWan}. */
  WanProfile wan();

  /**
   * Sets the one-way delay of the queue path from {@code fromRegion} to {@code toRegion} (no jitter), in both
   * directions of its connections, so a request and its response take twice this; zero removes it.
   */
  void setQueuePathLatency(String fromRegion, String toRegion, Duration latency);

  /** Stops one zone's memcached (its contents are lost, as on a real restart). */
  void stopMemcached(String region, String zone);

  /** Starts a stopped zone's memcached again on the same address and port, empty. */
  void startMemcached(String region, String zone);

  /**
   * Freezes one zone's memcached (SIGSTOP; {@code docker pause} with containers): it keeps its connections and its
   * contents but answers nothing, like a hung or blackholed server. {@link #healAll()} resumes it.
   */
  void pauseMemcached(String region, String zone);

  /** Resumes a frozen zone's memcached (SIGCONT); its contents are as they were. */
  void resumeMemcached(String region, String zone);

  /** Stops a region's Cassandra node gracefully; its data stays. Requires {@link SandboxComponent#CASSANDRA}. */
  void stopCassandra(String region);

  /** Starts a stopped Cassandra node again with the same data and ports, and waits until it serves. */
  void startCassandra(String region);

  /** Freezes a region's Cassandra node (SIGSTOP): it keeps its sockets but answers nothing. */
  void pauseCassandra(String region);

  /** Resumes a frozen Cassandra node (SIGCONT). */
  void resumeCassandra(String region);

  /**
   * Splits the Cassandra datacenters from each other (every inter-datacenter path, both ways): each region's
   * node keeps serving its own drivers, writes to the other datacenter become hints. Requires
   * {@link SandboxComponent#CASSANDRA}.
   */
  void partitionCassandra(PartitionMode mode);

  /** Joins the Cassandra datacenters again; hints are replayed once each node sees the other UP. */
  void healCassandra();

  /**
   * Sets the one-way delay of node-to-node messaging between the Cassandra datacenters (no jitter); zero
   * removes it.
   *
   * @return whether the latency is now in force (false only where a backend cannot shape Cassandra's traffic;
   *     the reason is logged)
   */
  boolean setCassandraLatency(Duration latency);
}
