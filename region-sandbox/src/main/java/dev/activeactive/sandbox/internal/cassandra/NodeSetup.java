package dev.activeactive.sandbox.internal.cassandra;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything that makes one node what it is, fixed for the cluster's lifetime so that a restarted node comes
 * back with the same identity, token, ports and data.
 *
 * @param spec the node's datacenter, rack and address
 * @param dir the node's own directory: conf, data, commit log, hints and logs live below it
 * @param ports the node's ports
 * @param initialToken the node's single token, given explicitly so that start-up skips token allocation
 * @param seeds the broadcast addresses of all nodes; every node is a seed so any one can start first
 */
record NodeSetup(CassandraNodeSpec spec, Path dir, NodePorts ports, String initialToken, List<String> seeds) {

  /** The address other nodes reach this one at: its inter-datacenter path, see {@link InterDatacenterPaths}. */
  String broadcastAddress() {
    return InterDatacenterPaths.wanAddressOf(spec.address());
  }

  static final String CLUSTER_NAME = "active-active sandbox";

  String name() {
    return "cassandra-" + spec.datacenter();
  }

  Path confDir() {
    return dir.resolve("conf");
  }

  Path logDir() {
    return dir.resolve("logs");
  }

  /** Cassandra's own log (logback), the first place to look when a node misbehaves. */
  Path systemLog() {
    return logDir().resolve("system.log");
  }

  /** The JVM's stdout/stderr: crashes before logging starts and JVM warnings end up here. */
  Path consoleLog() {
    return logDir().resolve("console.log");
  }

  /**
   * Tokens spread evenly over the Murmur3 ring, each in the middle of its slice: the partitioner's minimum
   * token ({@code Long.MIN_VALUE}) is reserved and must not be a node's token.
   */
  static String evenToken(int index, int count) {
    BigInteger ringSize = BigInteger.ONE.shiftLeft(64);
    BigInteger slice = ringSize.divide(BigInteger.valueOf(count));
    return BigInteger.valueOf(Long.MIN_VALUE)
        .add(slice.multiply(BigInteger.valueOf(index)))
        .add(slice.shiftRight(1))
        .toString();
  }
}
