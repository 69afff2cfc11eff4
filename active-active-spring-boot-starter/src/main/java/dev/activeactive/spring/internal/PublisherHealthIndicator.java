package dev.activeactive.spring.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code evcachePublisher}: each remote region's publisher mode and backlog, read from the client's own gauges
 * ({@code evcache.publisher.mode}, {@code .queue.depth}, {@code .buffer.bytes}, {@code .spool.bytes}). DOWN when a
 * region's publisher is FAILED (its thread died: writes fail); UP otherwise, SPOOLING included (writes still
 * succeed and the spool replays), with the backlog in the details for dashboards and alerts.
 */
public final class PublisherHealthIndicator implements HealthIndicator {

  private final ObjectProvider<MeterRegistry> registry;

  public PublisherHealthIndicator(ObjectProvider<MeterRegistry> registry) {
    this.registry = registry;
  }

  @Override
  public Health health() {
    MeterRegistry meters = registry.getIfAvailable();
    if (meters == null) {
      return Health.unknown().withDetail("reason", "no MeterRegistry: the publisher's state is read from its"
          + " meters").build();
    }
    Map<String, Map<String, Object>> regions = new TreeMap<>();
    boolean failed = false;
    for (Gauge mode : meters.find("evcache.publisher.mode").gauges()) {
      if (mode.value() >= 1) {
        String region = mode.getId().getTag("region");
        String name = mode.getId().getTag("mode");
        Map<String, Object> r = regions.computeIfAbsent(region, x -> new LinkedHashMap<>());
        r.put("mode", name);
        r.put("queuedOperations", gauge(meters, "evcache.publisher.queue.depth", region));
        r.put("bufferedBytes", gauge(meters, "evcache.publisher.buffer.bytes", region));
        r.put("spoolBytes", gauge(meters, "evcache.publisher.spool.bytes", region));
        failed |= "FAILED".equals(name);
      }
    }
    Health.Builder health = failed ? Health.down() : Health.up();
    return health.withDetail("regions", regions).build();
  }

  private static long gauge(MeterRegistry meters, String name, String region) {
    Gauge gauge = meters.find(name).tag("region", region).gauge();
    return gauge == null ? -1 : (long) gauge.value();
  }
}
