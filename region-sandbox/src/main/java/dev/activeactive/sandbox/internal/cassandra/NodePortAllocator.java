package dev.activeactive.sandbox.internal.cassandra;

import dev.activeactive.sandbox.api.SandboxException;
import dev.activeactive.sandbox.internal.net.PortAllocator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Picks the nodes' ports (one storage port shared by all nodes, a native and a JMX port each) and checks, before
 * each start, that they are still free. Ports come from {@link PortAllocator}, below the ephemeral range.
 */
final class NodePortAllocator {
  /** JMX is bound to the loopback address only, by Cassandra's local-JMX mode. */
  static final String JMX_ADDRESS = "127.0.0.1";

  private NodePortAllocator() {}

  /**
   * Ports for every node, keyed by the node's address, all distinct where they share an address. The storage
   * port is free on the nodes' inter-datacenter path addresses too, where their paths listen on it.
   */
  static Map<String, NodePorts> allocate(List<String> addresses) {
    Set<String> taken = new HashSet<>();
    List<String> storageAddresses = new ArrayList<>(addresses);
    addresses.forEach(a -> storageAddresses.add(InterDatacenterPaths.wanAddressOf(a)));
    int storage = take(storageAddresses, taken);
    Map<String, NodePorts> ports = new LinkedHashMap<>();
    for (String address : addresses) {
      int nativePort = take(List.of(address), taken);
      int jmx = take(List.of(JMX_ADDRESS), taken);
      ports.put(address, new NodePorts(storage, nativePort, jmx));
    }
    return ports;
  }

  private static int take(List<String> addresses, Set<String> taken) {
    int port = PortAllocator.freeOnAll(addresses, taken);
    addresses.forEach(a -> taken.add(a + ":" + port));
    return port;
  }

  /**
   * Fails fast, naming the port and its purpose, when a port the node is configured with is in use: Cassandra
   * would otherwise start, log a bind error deep in its log and linger or exit much later.
   */
  static void requireFree(String node, String address, NodePorts ports) {
    List<String> busy = new ArrayList<>();
    if (!PortAllocator.isFree(address, ports.storage())) {
      busy.add("storage port " + address + ":" + ports.storage());
    }
    if (!PortAllocator.isFree(address, ports.nativeTransport())) {
      busy.add("native (CQL) port " + address + ":" + ports.nativeTransport());
    }
    if (!PortAllocator.isFree(JMX_ADDRESS, ports.jmx())) {
      busy.add("JMX port " + JMX_ADDRESS + ":" + ports.jmx());
    }
    if (!busy.isEmpty()) {
      throw new SandboxException("Cannot start Cassandra node " + node + ": " + String.join(", ", busy)
          + " already in use. Stop whatever listens there (a leftover node? see `ss -ltnp`) and try again,"
          + " or delete the sandbox's work directory so that the nodes start afresh on new ports.");
    }
  }
}
