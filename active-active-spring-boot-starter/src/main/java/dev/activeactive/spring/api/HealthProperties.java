package dev.activeactive.spring.api;

import java.time.Duration;

/** Health indicators and the readiness group. */
public class HealthProperties {

  /** How long one memcached server may take to answer the zones indicator's "version" probe. */
  private Duration zoneProbeTimeout = Duration.ofSeconds(1);

  /**
   * Whether the starter defines the readiness health group (readinessState and evcacheZones) and turns on Boot's
   * probes, so /actuator/health/readiness is OUT_OF_SERVICE until the zones answer. Only when the cache client is
   * configured, and never over the application's own management.endpoint.health.group.readiness settings.
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
