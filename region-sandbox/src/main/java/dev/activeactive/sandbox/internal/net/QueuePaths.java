package dev.activeactive.sandbox.internal.net;

import dev.activeactive.sandbox.api.ServerStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The queue paths between regions, whatever runs the SQS servers: for each ordered pair (A, B) a {@link TcpProxy}
 * that A's publishers use to reach B's queue, so that the path can be partitioned or slowed.
 */
public final class QueuePaths implements AutoCloseable {
  private final Map<String, TcpProxy> paths = new LinkedHashMap<>();

  /** Opens the path from {@code from} to {@code to}, listening on {@code listenAddress}, forwarding to {@code target}. */
  public void open(String from, String to, String listenAddress, InetSocketAddress target) throws IOException {
    TcpProxy proxy = new TcpProxy(name(from, to), listenAddress, target);
    paths.put(name(from, to), proxy.start());
  }

  /** For each other region, the endpoint it uses to reach {@code region}'s queue. */
  public Map<String, URI> pathsTo(String region) {
    Map<String, URI> out = new LinkedHashMap<>();
    paths.forEach((name, proxy) -> {
      String[] ends = name.split("->");
      if (ends[1].equals(region)) {
        InetSocketAddress a = proxy.address();
        out.put(ends[0], URI.create("http://" + a.getHostString() + ":" + a.getPort()));
      }
    });
    return out;
  }

  public TcpProxy path(String fromRegion, String toRegion) {
    TcpProxy proxy = paths.get(name(fromRegion, toRegion));
    if (proxy == null) {
      throw new IllegalArgumentException("No queue path from '" + fromRegion + "' to '" + toRegion
          + "'; paths are " + paths.keySet() + (paths.isEmpty() ? " (SQS is not running)" : ""));
    }
    return proxy;
  }

  public List<TcpProxy> all() {
    return List.copyOf(paths.values());
  }

  public List<ServerStatus> status() {
    List<ServerStatus> out = new ArrayList<>();
    paths.forEach((name, proxy) -> out.add(new ServerStatus(name.split("->")[0], "queue-path", "queue path " + name,
        proxy.address().getHostString() + ":" + proxy.address().getPort(),
        proxy.stateName())));
    return out;
  }

  private static String name(String from, String to) {
    return from + "->" + to;
  }

  @Override
  public void close() {
    paths.values().forEach(TcpProxy::close);
    paths.clear();
  }
}
