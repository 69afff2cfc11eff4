package dev.activeactive.sandbox.internal.sqs;

import dev.activeactive.sandbox.api.QueueEndpoints;
import dev.activeactive.sandbox.api.SandboxConfig;
import dev.activeactive.sandbox.api.SandboxException;
import dev.activeactive.sandbox.api.ServerStatus;
import dev.activeactive.sandbox.internal.net.QueuePaths;
import dev.activeactive.sandbox.internal.net.TcpProxy;
import java.io.IOException;
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
  private final QueuePaths paths = new QueuePaths();

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
            paths.open(fromRegion, to, config.addressOf(from), servers.get(to).address());
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
    return paths.pathsTo(region);
  }

  public TcpProxy path(String fromRegion, String toRegion) {
    return paths.path(fromRegion, toRegion);
  }

  public List<TcpProxy> paths() {
    return paths.all();
  }

  public List<ServerStatus> status() {
    List<ServerStatus> out = new ArrayList<>();
    servers.forEach((region, server) -> out.add(new ServerStatus(region, "sqs", "sqs " + region,
        server.isRunning() ? server.endpoints().endpoint().getAuthority() : "-",
        server.isRunning() ? "up" : "not started")));
    out.addAll(paths.status());
    return out;
  }

  @Override
  public void close() {
    paths.close();
    servers.values().forEach(SqsRegionServer::close);
  }
}
