package dev.activeactive.sandbox.internal.sqs;

import dev.activeactive.sandbox.api.QueueEndpoints;
import dev.activeactive.sandbox.api.SandboxConfig;
import dev.activeactive.sandbox.api.SandboxException;
import dev.activeactive.sandbox.api.ServerStatus;
import dev.activeactive.sandbox.internal.net.TcpProxy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every region's SQS server, and the queue paths between regions: for each ordered pair (A, B) a proxy on
 * A's address that forwards to B's SQS server, which A's publishers use to reach B's queue.
 */
public final class SqsFleet implements AutoCloseable {
  private final SandboxConfig config;
  private final Map<String, SqsRegionServer> servers = new LinkedHashMap<>();
  private final Map<String, TcpProxy> paths = new LinkedHashMap<>();

  public SqsFleet(SandboxConfig config) {
    this.config = config;
    for (int i = 0; i < config.regions().size(); i++) {
      String region = config.regions().get(i);
      servers.put(region, new SqsRegionServer(region, config.addressOf(i), config));
    }
  }

  /** Starts every region's server and the proxies between them; on failure stops what was started. */
  public void start() {
    try {
      servers.values().forEach(SqsRegionServer::start);
      for (int from = 0; from < config.regions().size(); from++) {
        for (String to : config.regions()) {
          String fromRegion = config.regions().get(from);
          if (!fromRegion.equals(to)) {
            TcpProxy proxy = new TcpProxy(pathName(fromRegion, to), config.addressOf(from), servers.get(to).address());
            paths.put(pathName(fromRegion, to), proxy.start());
          }
        }
      }
    } catch (IOException e) {
      close();
      throw new SandboxException("Could not open the queue paths between regions: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  public QueueEndpoints queues(String region) {
    return servers.get(region).endpoints();
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
    TcpProxy proxy = paths.get(pathName(fromRegion, toRegion));
    if (proxy == null) {
      throw new IllegalArgumentException("No queue path from '" + fromRegion + "' to '" + toRegion
          + "'; paths are " + paths.keySet() + (paths.isEmpty() ? " (SQS is not running)" : ""));
    }
    return proxy;
  }

  public List<TcpProxy> paths() {
    return List.copyOf(paths.values());
  }

  public List<ServerStatus> status() {
    List<ServerStatus> out = new ArrayList<>();
    servers.forEach((region, server) -> out.add(new ServerStatus(region, "sqs", "sqs " + region,
        server.isRunning() ? server.endpoints().endpoint().getAuthority() : "-",
        server.isRunning() ? "up" : "not started")));
    paths.forEach((name, proxy) -> out.add(new ServerStatus(name.split("->")[0], "queue-path", "queue path " + name,
        proxy.address().getHostString() + ":" + proxy.address().getPort(),
        proxy.isPartitioned() ? "partitioned" : "up")));
    return out;
  }

  private static String pathName(String from, String to) {
    return from + "->" + to;
  }

  @Override
  public void close() {
    paths.values().forEach(TcpProxy::close);
    paths.clear();
    servers.values().forEach(SqsRegionServer::close);
  }
}
