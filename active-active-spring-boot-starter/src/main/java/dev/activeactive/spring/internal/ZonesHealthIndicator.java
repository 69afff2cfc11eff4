package dev.activeactive.spring.internal;

import dev.activeactive.evcache.api.WriteCompletion;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code evcacheZones}: UP while enough zones answer for the write completion policy (with QUORUM over two zones,
 * both), DOWN otherwise. A zone answers when every one of its servers does. Details: each zone's state and, for a
 * zone that does not answer, why.
 */
public final class ZonesHealthIndicator implements HealthIndicator {

  private final Map<String, List<String>> zones;
  private final WriteCompletion completion;
  private final ZoneProbe probe;

  public ZonesHealthIndicator(Map<String, List<String>> zones, WriteCompletion completion, Duration timeout) {
    this.zones = new LinkedHashMap<>(zones);
    this.completion = completion;
    this.probe = new ZoneProbe(timeout);
  }

  @Override
  public Health health() {
    Map<String, Object> details = new LinkedHashMap<>();
    int answering = 0;
    for (Map.Entry<String, List<String>> zone : zones.entrySet()) {
      Optional<String> problem = zone.getValue().stream().map(s -> probe.problem(s).map(p -> s + ": " + p))
          .flatMap(Optional::stream).findFirst();
      details.put(zone.getKey(), problem.map(p -> "DOWN (" + p + ")").orElse("UP"));
      if (problem.isEmpty()) {
        answering++;
      }
    }
    int required = completion.required(zones.size());
    Health.Builder health = answering >= required ? Health.up() : Health.down();
    return health.withDetail("zones", details).withDetail("answering", answering)
        .withDetail("required", required + " (write completion " + completion + ")").build();
  }
}
