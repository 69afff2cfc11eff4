package dev.activeactive.spring.it;

import dev.activeactive.sandbox.api.RegionEndpoints;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.SandboxComponent;
import dev.activeactive.sandbox.api.ZoneEndpoint;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The properties a service of one sandbox region runs with: what an operator would put in application.yml,
 * with the sandbox's endpoints. Two datasets: {@code items} (INVALIDATE) and {@code replicated} (REPLICATE).
 */
final class SandboxProperties {

  static final String EAST = "us-east-1";
  static final String WEST = "us-west-2";

  private SandboxProperties() {}

  static RegionSandbox sandbox() {
    RegionSandbox sandbox = RegionSandbox.shared();
    sandbox.require(SandboxComponent.MEMCACHED, SandboxComponent.SQS);
    return sandbox;
  }

  static Map<String, Object> forRegion(RegionSandbox sandbox, String region) {
    Map<String, Object> p = new LinkedHashMap<>();
    RegionEndpoints own = sandbox.region(region);
    p.put("spring.main.banner-mode", "off");
    p.put("server.port", "0");
    p.put("management.endpoints.web.exposure.include", "health,metrics");
    p.put("management.endpoint.health.show-details", "always");
    p.put("active-active.region", region);
    p.put("active-active.aws.access-key-id", "sandbox");
    p.put("active-active.aws.secret-access-key", "sandbox");
    for (ZoneEndpoint zone : own.zones()) {
      p.put("active-active.cache.zones." + zone.name(), zone.memcachedHostPort());
    }
    p.put("active-active.cache.datasets.items.replication", "INVALIDATE");
    p.put("active-active.cache.datasets.items.tombstone-ttl", "120s");
    p.put("active-active.cache.datasets.replicated.replication", "REPLICATE");
    // after a partition heals, the next attempt comes within 2 s (the default backs off up to 5 s)
    p.put("active-active.cache.publisher.max-retry-backoff", "2s");
    for (String other : sandbox.regionNames()) {
      if (!other.equals(region)) {
        RegionEndpoints remote = sandbox.region(other);
        String prefix = "active-active.cache.publisher.remote-regions." + other + ".";
        p.put(prefix + "queue-url", remote.queues().queueUrl());
        p.put(prefix + "endpoint", remote.queueEndpointFrom(region).toString());
        p.put(prefix + "aws-region", remote.queues().awsRegion());
      }
    }
    p.put("active-active.relay.enabled", "true");
    p.put("active-active.relay.queue", own.queues().queueUrl());
    p.put("active-active.relay.sqs-endpoint", own.queues().endpoint().toString());
    p.put("active-active.relay.aws-region", own.queues().awsRegion());
    // short long polls and grace: a stop finishes quickly; a poll still returns as soon as work arrives
    p.put("active-active.relay.receive-wait", "2s");
    p.put("active-active.relay.visibility-timeout", "10s");
    p.put("active-active.relay.shutdown-grace", "5s");
    return p;
  }
}
