package dev.activeactive.sandbox.internal.containers;

import dev.activeactive.sandbox.api.SandboxConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.Network;
import org.testcontainers.utility.DockerImageName;

/**
 * A real multi-datacenter Cassandra 5.0 cluster in containers: one node per region on one Docker network, the
 * region's name as datacenter and its first zone as rack (GossipingPropertyFileSnitch). Nodes gossip on the
 * network; clients on the host use each node's published CQL port.
 */
final class CassandraContainers implements AutoCloseable {
  static final DockerImageName IMAGE = DockerImageName.parse("cassandra:5.0");
  private static final int CQL_PORT = 9042;
  private static final String CLUSTER_NAME = "region-sandbox";
  /**
   * Start-up tuned as for the forked nodes: nothing to wait for in a fresh cluster (no gossip settling, a
   * short ring delay, no bootstrap streaming into empty datacenters, no superuser set-up delay).
   */
  private static final String JVM_OPTS = String.join(" ",
      "-Dcassandra.skip_wait_for_gossip_to_settle=0",
      "-Dcassandra.ring_delay_ms=100",
      "-Dcassandra.auto_bootstrap=false",
      "-Dcassandra.superuser_setup_delay_ms=0");
  private static final Duration STOP_GRACE = Duration.ofSeconds(60);

  private final Duration startTimeout;
  private final Network network;
  private final Map<String, Node> nodes = new LinkedHashMap<>();

  /** One region's node and its CQL address on the Docker host. */
  private record Node(SandboxContainer container, InetSocketAddress address) {}

  CassandraContainers(SandboxConfig config, String dockerHost, HostPorts ports) {
    this.startTimeout = config.cassandraStartTimeout();
    this.network = Network.newNetwork();
    // the first region's node is the seed every other node finds the ring through
    String seed = alias(config.regions().get(0));
    for (String region : config.regions()) {
      InetSocketAddress address = new InetSocketAddress(dockerHost, ports.next());
      SandboxContainer container = new SandboxContainer(IMAGE, "cassandra " + region)
          .withNetwork(network)
          .withNetworkAliases(alias(region))
          .withHostPort(address.getPort(), CQL_PORT)
          .withEnv("CASSANDRA_CLUSTER_NAME", CLUSTER_NAME)
          .withEnv("CASSANDRA_SEEDS", seed)
          .withEnv("CASSANDRA_ENDPOINT_SNITCH", "GossipingPropertyFileSnitch")
          .withEnv("CASSANDRA_DC", region)
          .withEnv("CASSANDRA_RACK", config.zonesOf(region).get(0))
          // a small heap keeps two nodes within a laptop's memory; the image needs both sizes or neither
          .withEnv("MAX_HEAP_SIZE", "512M")
          .withEnv("HEAP_NEWSIZE", "128M")
          .withEnv("JVM_OPTS", JVM_OPTS)
          .waitingFor(new ProbeWaitStrategy("cassandra " + region, () -> Readiness.cqlAnswers(address)))
          .withStartupTimeout(startTimeout);
      nodes.put(region, new Node(container, address));
    }
  }

  private static String alias(String region) {
    return "cassandra-" + region;
  }

  /**
   * Starts the nodes one after the other, seed first, because a node that finds no live seed gives up. On
   * failure removes everything started.
   */
  void start() {
    try {
      nodes.values().forEach(node -> node.container().start());
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  List<String> datacenters() {
    return List.copyOf(nodes.keySet());
  }

  InetSocketAddress nativeAddress(String region) {
    return node(region).address();
  }

  /** Up means the node answers on its CQL port now, not merely that its container exists. */
  boolean isNodeUp(String region) {
    Node node = node(region);
    return node.container().isServing() && Readiness.cqlAnswers(node.address());
  }

  boolean isNodePaused(String region) {
    return node(region).container().isPaused();
  }

  boolean isNodeRunning(String region) {
    return node(region).container().isRunning();
  }

  /** Stops a node gracefully; its container, and so its data, stays for {@link #startNode}. */
  void stopNode(String region) {
    node(region).container().stopKeepingContainer(STOP_GRACE);
  }

  /** Starts a stopped node with its data and published port, and waits until it serves CQL. */
  void startNode(String region) {
    Node node = node(region);
    if (!node.container().isRunning()) {
      node.container().startAgain();
    }
    Readiness.await("cassandra " + region, startTimeout, () -> Readiness.cqlAnswers(node.address()));
  }

  void pauseNode(String region) {
    node(region).container().pauseServer();
  }

  void resumeNode(String region) {
    node(region).container().resumeServer();
  }

  private Node node(String region) {
    Node node = nodes.get(region);
    if (node == null) {
      throw new IllegalArgumentException("No Cassandra node for region '" + region + "'; datacenters are "
          + nodes.keySet());
    }
    return node;
  }

  @Override
  public void close() {
    nodes.values().forEach(node -> node.container().remove());
    network.close();
  }
}
