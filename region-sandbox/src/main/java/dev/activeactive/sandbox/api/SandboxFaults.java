package dev.activeactive.sandbox.api;

import java.time.Duration;

/**
 * Fault handles for resilience tests and chaos drills. Every fault is reversible; {@link #healAll()} undoes
 * all of them, which tests should call when they finish.
 *
 * <p>The queue path from region A to region B is what region A's publishers use to reach region B's SQS
 * queue (see {@link RegionEndpoints#queueEndpointFrom(String)}); Cassandra replicates on its own links.
 */
public interface SandboxFaults {

  /**
   * Cuts the queue path from {@code fromRegion} to {@code toRegion}: open connections are reset and new ones
   * are refused until {@link #heal}. The regions' own local paths keep working, as in Netflix's split-brain.
   */
  void partition(String fromRegion, String toRegion);

  /** Restores the queue path from {@code fromRegion} to {@code toRegion} and removes its latency. */
  void heal(String fromRegion, String toRegion);

  /** Heals every queue path, resumes paused servers and restarts stopped ones, removes every latency. */
  void healAll();

  /** Delays every byte on the queue path from {@code fromRegion} to {@code toRegion}; zero removes it. */
  void setQueuePathLatency(String fromRegion, String toRegion, Duration latency);

  /** Stops one zone's memcached (its contents are lost, as on a real restart). */
  void stopMemcached(String region, String zone);

  /** Starts a stopped zone's memcached again on the same address and port, empty. */
  void startMemcached(String region, String zone);

  /** Stops a region's Cassandra node gracefully; its data stays. Requires {@link SandboxComponent#CASSANDRA}. */
  void stopCassandra(String region);

  /** Starts a stopped Cassandra node again with the same data and ports, and waits until it serves. */
  void startCassandra(String region);

  /** Freezes a region's Cassandra node (SIGSTOP): it keeps its sockets but answers nothing. */
  void pauseCassandra(String region);

  /** Resumes a frozen Cassandra node (SIGCONT). */
  void resumeCassandra(String region);

  /**
   * Adds latency between the Cassandra datacenters with {@code tc netem}. This needs root on Linux; where it
   * is not possible the method changes nothing and returns false (the reason is logged).
   *
   * @return whether the latency is now in force
   */
  boolean setCassandraLatency(Duration latency);
}
