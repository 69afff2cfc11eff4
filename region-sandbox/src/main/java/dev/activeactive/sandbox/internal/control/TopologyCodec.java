package dev.activeactive.sandbox.internal.control;

import dev.activeactive.sandbox.api.CassandraEndpoint;
import dev.activeactive.sandbox.api.QueueEndpoints;
import dev.activeactive.sandbox.api.RegionEndpoints;
import dev.activeactive.sandbox.api.SandboxException;
import dev.activeactive.sandbox.api.SandboxTopology;
import dev.activeactive.sandbox.api.ServerStatus;
import dev.activeactive.sandbox.api.ZoneEndpoint;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Writes a topology as flat properties and reads it back. This is the format of {@code .sandbox/endpoints.properties}
 * and of the control server's answers, so other tools (and people) can read the endpoints too.
 */
public final class TopologyCodec {
  private TopologyCodec() {}

  public static Properties encode(SandboxTopology topology) {
    Properties p = new Properties();
    p.setProperty("regions", String.join(",", topology.regionNames()));
    for (RegionEndpoints r : topology.regions()) {
      String prefix = "region." + r.name() + ".";
      p.setProperty(prefix + "address", r.address());
      p.setProperty(prefix + "zones", String.join(",", r.zones().stream().map(ZoneEndpoint::name).toList()));
      for (ZoneEndpoint z : r.zones()) {
        p.setProperty(prefix + "zone." + z.name() + ".memcached", z.memcachedHostPort());
      }
      if (r.sqs() != null) {
        QueueEndpoints q = r.sqs();
        p.setProperty(prefix + "sqs.endpoint", q.endpoint().toString());
        p.setProperty(prefix + "sqs.awsRegion", q.awsRegion());
        p.setProperty(prefix + "sqs.queueName", q.queueName());
        p.setProperty(prefix + "sqs.queueUrl", q.queueUrl());
        p.setProperty(prefix + "sqs.deadLetterQueueName", q.deadLetterQueueName());
        p.setProperty(prefix + "sqs.deadLetterQueueUrl", q.deadLetterQueueUrl());
        p.setProperty(prefix + "sqs.maxReceiveCount", Integer.toString(q.maxReceiveCount()));
        p.setProperty(prefix + "sqs.visibilityTimeoutSeconds", Integer.toString(q.visibilityTimeoutSeconds()));
      }
      r.queuePathsFrom().forEach((from, uri) -> p.setProperty(prefix + "queuePathFrom." + from, uri.toString()));
      if (r.cassandra() != null) {
        InetSocketAddress c = r.cassandra().contactPoint();
        p.setProperty(prefix + "cassandra.contactPoint", c.getHostString() + ":" + c.getPort());
        p.setProperty(prefix + "cassandra.datacenter", r.cassandra().datacenter());
      }
    }
    return p;
  }

  public static SandboxTopology decode(Properties p) {
    List<RegionEndpoints> regions = new ArrayList<>();
    for (String name : split(required(p, "regions"))) {
      String prefix = "region." + name + ".";
      List<ZoneEndpoint> zones = new ArrayList<>();
      for (String zone : split(p.getProperty(prefix + "zones", ""))) {
        zones.add(new ZoneEndpoint(zone, hostPort(required(p, prefix + "zone." + zone + ".memcached"))));
      }
      QueueEndpoints sqs = null;
      if (p.containsKey(prefix + "sqs.endpoint")) {
        sqs = new QueueEndpoints(
            URI.create(required(p, prefix + "sqs.endpoint")),
            required(p, prefix + "sqs.awsRegion"),
            required(p, prefix + "sqs.queueName"),
            required(p, prefix + "sqs.queueUrl"),
            required(p, prefix + "sqs.deadLetterQueueName"),
            required(p, prefix + "sqs.deadLetterQueueUrl"),
            Integer.parseInt(required(p, prefix + "sqs.maxReceiveCount")),
            Integer.parseInt(required(p, prefix + "sqs.visibilityTimeoutSeconds")));
      }
      Map<String, URI> paths = new LinkedHashMap<>();
      String pathPrefix = prefix + "queuePathFrom.";
      for (String key : p.stringPropertyNames()) {
        if (key.startsWith(pathPrefix)) {
          paths.put(key.substring(pathPrefix.length()), URI.create(p.getProperty(key)));
        }
      }
      CassandraEndpoint cassandra = null;
      if (p.containsKey(prefix + "cassandra.contactPoint")) {
        cassandra = new CassandraEndpoint(hostPort(required(p, prefix + "cassandra.contactPoint")),
            required(p, prefix + "cassandra.datacenter"));
      }
      regions.add(new RegionEndpoints(name, required(p, prefix + "address"), zones, sqs, cassandra, paths));
    }
    return new SandboxTopology(regions);
  }

  /** One status per line, tab-separated: region, kind, name, address, state. */
  public static String encodeStatus(List<ServerStatus> status) {
    StringBuilder out = new StringBuilder();
    for (ServerStatus s : status) {
      out.append(s.region()).append('\t').append(s.kind()).append('\t').append(s.name()).append('\t')
          .append(s.address()).append('\t').append(s.state()).append('\n');
    }
    return out.toString();
  }

  public static List<ServerStatus> decodeStatus(String text) {
    List<ServerStatus> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f.length != 5) {
        throw new SandboxException("Unreadable status line from the sandbox: " + line);
      }
      out.add(new ServerStatus(f[0], f[1], f[2], f[3], f[4]));
    }
    return out;
  }

  private static String required(Properties p, String key) {
    String value = p.getProperty(key);
    if (value == null) {
      throw new SandboxException("The sandbox's endpoints are missing '" + key
          + "'; the file may come from another version: run './sandbox down' and './sandbox up'.");
    }
    return value;
  }

  private static List<String> split(String csv) {
    return csv.isBlank() ? List.of() : List.of(csv.split(","));
  }

  private static InetSocketAddress hostPort(String text) {
    int colon = text.lastIndexOf(':');
    // IP literals: resolving them does no DNS lookup, and clients such as spymemcached need resolved addresses
    return new InetSocketAddress(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
  }
}
