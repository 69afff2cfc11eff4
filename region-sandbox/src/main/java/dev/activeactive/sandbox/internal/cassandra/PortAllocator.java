package dev.activeactive.sandbox.internal.cassandra;

import dev.activeactive.sandbox.api.SandboxException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks free ports for the nodes and checks, before each start, that they are still free.
 *
 * <p>Ports come from below the kernel's ephemeral range. A port the kernel handed out once (bind to port 0)
 * is handed out again as the source port of outgoing connections, and on a loopback-heavy sandbox (nodes
 * dialling each other, clients, probes) one of them soon squats on the port in the seconds before the
 * node binds it.
 */
final class PortAllocator {
  private static final int ATTEMPTS = 200;
  private static final int LOWEST = 15000;
  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  private static final int DEFAULT_EPHEMERAL_START = 32768;
  /** JMX is bound to the loopback address only, by Cassandra's local-JMX mode. */
  static final String JMX_ADDRESS = "127.0.0.1";

  private PortAllocator() {}

  /** Ports for every node, keyed by the node's address, all distinct where they share an address. */
  static Map<String, NodePorts> allocate(List<String> addresses) {
    addresses.forEach(PortAllocator::ephemeralPort); // fails with a hint when an address is not usable at all
    Set<String> taken = new HashSet<>();
    int storage = freeOnAll(addresses, taken);
    Map<String, NodePorts> ports = new LinkedHashMap<>();
    for (String address : addresses) {
      int nativePort = freeOnAll(List.of(address), taken);
      int jmx = freeOnAll(List.of(JMX_ADDRESS), taken);
      ports.put(address, new NodePorts(storage, nativePort, jmx));
    }
    return ports;
  }

  /**
   * Fails fast, naming the port and its purpose, when a port the node is configured with is in use: Cassandra
   * would otherwise start, log a bind error deep in its log and linger or exit much later.
   */
  static void requireFree(String node, String address, NodePorts ports) {
    List<String> busy = new ArrayList<>();
    if (!isFree(address, ports.storage())) {
      busy.add("storage port " + address + ":" + ports.storage());
    }
    if (!isFree(address, ports.nativeTransport())) {
      busy.add("native (CQL) port " + address + ":" + ports.nativeTransport());
    }
    if (!isFree(JMX_ADDRESS, ports.jmx())) {
      busy.add("JMX port " + JMX_ADDRESS + ":" + ports.jmx());
    }
    if (!busy.isEmpty()) {
      throw new SandboxException("Cannot start Cassandra node " + node + ": " + String.join(", ", busy)
          + " already in use. Stop whatever listens there (a leftover node? see `ss -ltnp`) and try again,"
          + " or delete the sandbox's work directory so that the nodes start afresh on new ports.");
    }
  }

  private static int freeOnAll(List<String> addresses, Set<String> taken) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int candidate = candidate(addresses.get(0));
      boolean usable = addresses.stream()
          .allMatch(a -> !taken.contains(a + ":" + candidate) && isFree(a, candidate));
      if (usable) {
        addresses.forEach(a -> taken.add(a + ":" + candidate));
        return candidate;
      }
    }
    throw new SandboxException("Found no TCP port free on all of " + addresses + " after " + ATTEMPTS
        + " attempts; check that these loopback addresses exist (`ip addr show lo`).");
  }

  private static int candidate(String address) {
    int ephemeralStart = ephemeralStart();
    if (ephemeralStart - LOWEST < 1000) {
      return ephemeralPort(address); // an unusual kernel setting leaves no room below; take what we get
    }
    return ThreadLocalRandom.current().nextInt(LOWEST, ephemeralStart);
  }

  private static int ephemeralStart() {
    // readLine, not readString: procfs files claim size 0 and Files.readString then returns a single byte
    try (var reader = Files.newBufferedReader(EPHEMERAL_RANGE)) {
      return Integer.parseInt(reader.readLine().trim().split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return DEFAULT_EPHEMERAL_START; // not Linux: the IANA dynamic range starts higher, so this is safe
    }
  }

  private static int ephemeralPort(String address) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new SandboxException("Cannot bind to " + address + " (" + e.getMessage()
          + "); the sandbox needs this loopback address. On Linux all of 127.0.0.0/8 works; on macOS add it"
          + " with `sudo ifconfig lo0 alias " + address + "`.", e);
    }
  }

  static boolean isFree(String address, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      // matches what Cassandra's own listeners do, so a port in TIME_WAIT after a restart counts as free
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
