package dev.activeactive.spring.api;

import java.time.Duration;

/** Health indicators and the readiness group. */
public class HealthProperties {
  /**
   * Created by Spring Boot's binder, which then sets active-active.health.* from the environment; created directly
   * (tests, programmatic set-up) it holds every option's documented default.
   */
  public HealthProperties() {
  }

  /** How long one memcached server may take to answer the zones indicator's "version" probe. */
  private Duration zoneProbeTimeout = Duration.ofSeconds(1);

  /**
   * Whether the readiness health group is readinessState and evcacheZones, so /actuator/health/readiness is DOWN
   * (503) until the zones answer. Only with the cache client configured and Boot's health support present, and
   * never over the application's own management.endpoint.health.group.readiness.include.
   */
  private boolean readinessGroup = true;

  public Duration getZoneProbeTimeout() {
    return zoneProbeTimeout;
  }

  public void setZoneProbeTimeout(Duration zoneProbeTimeout) {
    this.zoneProbeTimeout = zoneProbeTimeout;
  }

  public boolean isReadinessGroup() {
    return readinessGroup;
  }

  public void setReadinessGroup(boolean readinessGroup) {
    this.readinessGroup = readinessGroup;
  }
}
