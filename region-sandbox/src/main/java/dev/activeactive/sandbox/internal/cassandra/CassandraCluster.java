package dev.activeactive.sandbox.internal.cassandra;

import dev.activeactive.sandbox.api.PartitionMode;
import dev.activeactive.sandbox.api.SandboxException;
import dev.activeactive.sandbox.api.WanProfile;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Cassandra 5.0 cluster with one node per datacenter, each node a forked JVM on its own
 * loopback address. It is the data tier of the sandbox's emulated regions: a datacenter is named after its
 * region, and replication between datacenters is Cassandra's own.
 *
 * <p>Nodes can be stopped, restarted and frozen one at a time for fault drills. {@link #close()} stops every
 * node; if the JVM that started them dies instead, their process guards kill them.
 */
public final class CassandraCluster implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CassandraCluster.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration RESTART_TIMEOUT = Duration.ofSeconds(90);

  private final Map<String, CassandraNode> nodes;
  private final Set<String> paused = new HashSet<>();
  private final InterDatacenterPaths paths;
  private final Optional<String> bothSidesQuery;

  private CassandraCluster(Map<String, CassandraNode> nodes, InterDatacenterPaths paths) {
    this.nodes = nodes;
    this.paths = paths;
    this.bothSidesQuery = allReplicasQuery(nodes.size());
  }

  /**
   * Starts all nodes (in parallel where safe), waits until every node's CQL port answers and both see each
   * other UP; throws SandboxException on timeout with the tail of the node's log.
   */
  public static CassandraCluster start(List<CassandraNodeSpec> nodes, Path workDir, Duration timeout) {
    return start(nodes, workDir, timeout, WanProfile.NONE);
  }

  /**
   * As {@link #start(List, Path, Duration)}, with node-to-node messaging between the datacenters shaped like
   * {@code wan} from the first byte (the profile can be changed later with {@link #setWan}).
   */
  public static CassandraCluster start(List<CassandraNodeSpec> nodes, Path workDir, Duration timeout,
      WanProfile wan) {
    validate(nodes);
    Objects.requireNonNull(workDir, "workDir");
    Objects.requireNonNull(timeout, "timeout");
    Path java = CassandraJava.locate();
    String classpath = NodeCommand.cassandraClasspath();
    ClassDataArchive classData = ClassDataArchive.forRuntime(java, classpath);
    List<String> addresses = nodes.stream().map(CassandraNodeSpec::address).toList();
    Map<String, NodePorts> ports = SavedPorts.load(workDir, addresses).orElseGet(() -> {
      Map<String, NodePorts> fresh = NodePortAllocator.allocate(addresses);
      SavedPorts.save(workDir, fresh);
      return fresh;
    });
    Map<String, CassandraNode> byDatacenter = new LinkedHashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      CassandraNodeSpec spec = nodes.get(i);
      NodeSetup setup = new NodeSetup(spec, workDir.resolve(spec.datacenter()).toAbsolutePath(),
          ports.get(spec.address()), NodeSetup.evenToken(i, nodes.size()),
          addresses.stream().map(InterDatacenterPaths::wanAddressOf).toList());
      NodeConfigWriter.write(setup);
      byDatacenter.put(spec.datacenter(), new CassandraNode(setup, java, classpath, classData));
    }
    Map<String, String> listen = new LinkedHashMap<>();
    nodes.forEach(n -> listen.put(n.datacenter(), n.address()));
    CassandraCluster cluster = new CassandraCluster(byDatacenter,
        InterDatacenterPaths.open(listen, ports.get(addresses.get(0)).storage(), wan));
    long started = System.nanoTime();
    try {
      /*
       * Every node is a seed with an explicit token and no bootstrap, so nothing has to happen in order:
       * starting all JVMs at once overlaps their (CPU-bound) class loading and start-up with the others'.
       */
      byDatacenter.values().forEach(CassandraNode::start);
      cluster.awaitReady(List.copyOf(byDatacenter.values()), timeout);
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    log.info("Cassandra datacenters {} ready in {} ms", cluster.datacenters(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    return cluster;
  }

  private static void validate(List<CassandraNodeSpec> nodes) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("at least one Cassandra node is needed");
    }
    if (nodes.size() > 3) {
      throw new SandboxException("The sandbox runs at most 3 Cassandra datacenters (asked for " + nodes.size()
          + "): more would not fit a developer machine, and readiness checks rely on system keyspaces"
          + " replicated to at most 3 nodes.");
    }
    Set<String> datacenters = new HashSet<>();
    Set<String> addresses = new HashSet<>();
    for (CassandraNodeSpec node : nodes) {
      if (!datacenters.add(node.datacenter()) || !addresses.add(node.address())) {
        throw new IllegalArgumentException("one node per datacenter and per address: " + nodes);
      }
    }
  }

  /**
   * A read at ALL that involves every node: system_traces has replication factor 2 and system_distributed 3
   * (SimpleStrategy), so on a cluster of that size every node replicates every partition.
   */
  private static Optional<String> allReplicasQuery(int nodeCount) {
    return switch (nodeCount) {
      case 1 -> Optional.empty();
      case 2 -> Optional.of(CqlProbe.BOTH_REPLICAS_QUERY);
      default -> Optional.of("SELECT id FROM system_distributed.repair_history"
          + " WHERE keyspace_name = 'none' AND columnfamily_name = 'none'");
    };
  }

  /** CQL contact point of that DC's node. */
  public InetSocketAddress nativeAddress(String datacenter) {
    return node(datacenter).nativeAddress();
  }

  /** The datacenters, in the order their nodes were given. */
  public List<String> datacenters() {
    return List.copyOf(nodes.keySet());
  }

  /** The node answers CQL requests (false while it is stopped, paused or still starting). */
  public boolean isNodeUp(String datacenter) {
    return node(datacenter).answersCql();
  }

  /** Graceful stop (SIGTERM, SIGKILL after a grace period); the node's data is kept. */
  public synchronized void stopNode(String datacenter) {
    CassandraNode node = node(datacenter);
    resumeIfPaused(node); // a frozen JVM would not act on SIGTERM until the grace period ran out
    node.stop();
  }

  /** Restarts a stopped node with the same data and ports and waits until it is ready. */
  public synchronized void startNode(String datacenter) {
    CassandraNode node = node(datacenter);
    if (paused.contains(datacenter)) {
      throw new SandboxException("Cassandra node in " + datacenter + " is paused, not stopped; resume it with"
          + " resumeNode, or stop it first to restart it.");
    }
    node.start();
    // with every node alive, "ready" includes seeing each other again; otherwise the node alone must answer
    boolean allAlive = paused.isEmpty() && nodes.values().stream().allMatch(CassandraNode::isRunning);
    awaitReady(allAlive ? List.copyOf(nodes.values()) : List.of(node), RESTART_TIMEOUT);
  }

  /** Freezes the node's JVM (SIGSTOP): its sockets stay open but it answers nothing, like a hung host. */
  public synchronized void pauseNode(String datacenter) {
    node(datacenter).pause();
    paused.add(datacenter);
  }

  /** Unfreezes a node paused by {@link #pauseNode} (SIGCONT). */
  public synchronized void resumeNode(String datacenter) {
    node(datacenter).resume();
    paused.remove(datacenter);
  }

  /** The pid of the node's JVM while it runs. */
  public Optional<Long> pid(String datacenter) {
    return node(datacenter).pid();
  }

  /** Shapes node-to-node messaging between the datacenters like {@code wan}, for bytes sent from now on. */
  public void setWan(WanProfile wan) {
    paths.setProfile(wan);
  }

  /** The WAN profile in force between the datacenters. */
  public WanProfile wan() {
    return paths.profile();
  }

  /** Sets only the one-way delay between the datacenters (no jitter); zero removes it. */
  public void setInterDatacenterLatency(Duration oneWay) {
    paths.all().forEach(p -> p.setLatency(oneWay));
  }

  /** Splits every datacenter from every other one; each keeps serving its own clients. */
  public void partitionDatacenters(PartitionMode mode) {
    paths.partition(mode);
  }

  /** Joins the datacenters again; stalled connections resume, hints flow once each side sees the other UP. */
  public void healDatacenters() {
    paths.heal();
  }

  /** Where the inter-datacenter paths listen, comma-separated. */
  public String interDatacenterAddresses() {
    return String.join(",", paths.all().stream()
        .map(p -> p.address().getHostString() + ":" + p.address().getPort()).toList());
  }

  /** "up", or the partition in force between the datacenters. */
  public String interDatacenterState() {
    return paths.stateName();
  }

  /**
   * Stops every node, then closes the paths between them. One node after the other: nodes stopping together
   * each wait several seconds longer for their messaging to quiesce.
   */
  @Override
  public synchronized void close() {
    paths.heal(); // a node draining to a blackholed peer would wait out its whole grace period
    List<CassandraNode> reversed = new ArrayList<>(nodes.values());
    Collections.reverse(reversed);
    for (CassandraNode node : reversed) {
      resumeIfPaused(node);
      node.stop();
    }
    paths.close();
  }

  private void resumeIfPaused(CassandraNode node) {
    if (paused.remove(node.datacenter()) && node.isRunning()) {
      node.resume();
    }
  }

  private CassandraNode node(String datacenter) {
    CassandraNode node = nodes.get(datacenter);
    if (node == null) {
      throw new IllegalArgumentException("no Cassandra datacenter '" + datacenter + "'; there are " + datacenters());
    }
    return node;
  }

  /**
   * Waits until each of {@code targets} answers CQL and, when they are several, can read at ALL through the
   * others: the proof that it sees them UP.
   */
  private void awaitReady(List<CassandraNode> targets, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<CassandraNode, String> waitingFor = new LinkedHashMap<>();
    targets.forEach(node -> waitingFor.put(node, "its JVM to start"));
    while (!waitingFor.isEmpty()) {
      for (CassandraNode node : List.copyOf(waitingFor.keySet())) {
        node.requireRunning("while starting");
        Optional<String> notReady = readiness(node, targets.size() > 1);
        if (notReady.isEmpty()) {
          waitingFor.remove(node);
        } else {
          waitingFor.put(node, notReady.get());
        }
      }
      if (waitingFor.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        Map.Entry<CassandraNode, String> first = waitingFor.entrySet().iterator().next();
        throw new SandboxException("Cassandra node " + first.getKey().setup().name() + " was not ready after "
            + timeout.toSeconds() + " s (waiting for " + first.getValue() + "). A loaded machine may need a"
            + " longer timeout; otherwise its log says why." + first.getKey().logTail());
      }
      pause(POLL);
    }
  }

  private Optional<String> readiness(CassandraNode node, boolean withPeers) {
    if (!node.answersCql()) {
      return Optional.of("its CQL port " + node.nativeAddress() + " to answer");
    }
    if (withPeers && bothSidesQuery.isPresent()) {
      return node.readAtAll(bothSidesQuery.get()).map(why -> "it to see its peers UP (" + why + ")");
    }
    return Optional.empty();
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SandboxException("Interrupted while waiting for Cassandra to start", e);
    }
  }
}
