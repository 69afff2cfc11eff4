package dev.activeactive.sandbox.internal.cassandra;

import dev.activeactive.sandbox.api.PartitionMode;
import dev.activeactive.sandbox.api.SandboxException;
import dev.activeactive.sandbox.api.WanProfile;
import dev.activeactive.sandbox.internal.net.TcpProxy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The WAN between the Cassandra datacenters, without {@code tc netem}: each node's {@code broadcast_address} is a
 * {@link TcpProxy} in front of its {@code listen_address}, so every node-to-node message between datacenters
 * crosses a delay line that can be shaped and partitioned. Drivers keep talking to their own datacenter's node
 * directly (its {@code rpc_address}).
 *
 * <p>Cassandra 4+ sends messages only from the side that opened a connection, so the path in front of node B
 * carries A's messages to B, and B's replies return through the path in front of A: a request and its reply
 * each take one one-way delay.
 */
final class InterDatacenterPaths implements AutoCloseable {
  private final Map<String, TcpProxy> byDatacenter = new LinkedHashMap<>();

  /**
   * The address other datacenters reach a node at: its listen address with the third octet raised by one
   * (127.0.0.2 becomes 127.0.1.2), still on loopback.
   */
  static String wanAddressOf(String listenAddress) {
    byte[] octets;
    try {
      octets = InetAddress.getByName(listenAddress).getAddress();
    } catch (IOException e) {
      throw new IllegalArgumentException("not an address: " + listenAddress, e);
    }
    if (octets.length != 4 || octets[0] != 127 || octets[2] == (byte) 255) {
      throw new IllegalArgumentException("Cassandra nodes of the sandbox listen on IPv4 loopback addresses"
          + " 127.x.y.z with y < 255, got " + listenAddress);
    }
    return "127." + (octets[1] & 0xff) + "." + ((octets[2] & 0xff) + 1) + "." + (octets[3] & 0xff);
  }

  /** Opens one path per node, in front of its listen address on the shared storage port. */
  static InterDatacenterPaths open(Map<String, String> listenAddressByDatacenter, int storagePort,
      WanProfile profile) {
    InterDatacenterPaths paths = new InterDatacenterPaths();
    try {
      for (Map.Entry<String, String> node : listenAddressByDatacenter.entrySet()) {
        String listen = node.getValue();
        TcpProxy proxy = new TcpProxy("cassandra-to-" + node.getKey(),
            new InetSocketAddress(InetAddress.getByName(wanAddressOf(listen)), storagePort),
            new InetSocketAddress(InetAddress.getByName(listen), storagePort));
        proxy.setProfile(profile);
        paths.byDatacenter.put(node.getKey(), proxy.start());
      }
    } catch (IOException e) {
      paths.close();
      throw new SandboxException("Cannot open the inter-datacenter path on port " + storagePort + ": "
          + e.getMessage() + ". Is another sandbox's Cassandra using it? `ss -ltnp` tells.", e);
    }
    return paths;
  }

  void setProfile(WanProfile profile) {
    byDatacenter.values().forEach(p -> p.setProfile(profile));
  }

  /** Splits every datacenter from every other one. */
  void partition(PartitionMode mode) {
    byDatacenter.values().forEach(p -> p.partition(mode));
  }

  void heal() {
    byDatacenter.values().forEach(TcpProxy::heal);
  }

  WanProfile profile() {
    return byDatacenter.values().iterator().next().profile();
  }

  /** "up", or the partition in force. */
  String stateName() {
    return byDatacenter.values().iterator().next().stateName();
  }

  List<TcpProxy> all() {
    return new ArrayList<>(byDatacenter.values());
  }

  @Override
  public void close() {
    byDatacenter.values().forEach(TcpProxy::close);
    byDatacenter.clear();
  }
}
