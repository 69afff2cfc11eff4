package dev.activeactive.spring.api;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.activeactive.evcache.api.EVCacheClient;
import dev.activeactive.relay.api.InvalidationRelay;
import dev.activeactive.spring.internal.CassandraLocalDcHealthIndicator;
import dev.activeactive.spring.internal.ConfiguredCondition;
import dev.activeactive.spring.internal.PublisherHealthIndicator;
import dev.activeactive.spring.internal.ReadinessGroupDefaults;
import dev.activeactive.spring.internal.RelayHealthIndicator;
import dev.activeactive.spring.internal.ZonesHealthIndicator;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Health indicators, where the application has Boot's health support: {@code evcacheZones},
 * {@code evcachePublisher}, {@code invalidationRelay} and {@code cassandraLocalDc}. Each can be turned off with
 * {@code management.health.<name>.enabled=false} (names in kebab case, e.g. {@code evcache-zones}) or replaced by a
 * bean of the same name.
 */
@AutoConfiguration(after = CassandraAutoConfiguration.class,
    afterName = "org.springframework.boot.cassandra.autoconfigure.CassandraAutoConfiguration")
@ConditionalOnClass(HealthIndicator.class)
public class ActiveActiveHealthAutoConfiguration {
  /**
   * Instantiated by Spring Boot when Actuator's health support is present; applications do not create it.
   */
  public ActiveActiveHealthAutoConfiguration() {
  }

  /**
   * The readiness group waits for the zones (readinessState and evcacheZones) unless the application defines the
   * group itself or sets {@code active-active.health.readiness-group=false}.
   */
  @Bean
  @Conditional(ConfiguredCondition.Cache.class)
  public static ReadinessGroupDefaults activeActiveReadinessGroupDefaults() {
    return new ReadinessGroupDefaults();
  }

  /** The zones answer: what the readiness group waits for. */
  @Bean
  @ConditionalOnMissingBean(name = "evcacheZonesHealthIndicator")
  @ConditionalOnEnabledHealthIndicator("evcache-zones")
  @Conditional(ConfiguredCondition.Cache.class)
  public HealthIndicator evcacheZonesHealthIndicator(ActiveActiveProperties properties) {
    return new ZonesHealthIndicator(properties.getCache().getZones(), properties.getCache().getWriteCompletion(),
        properties.getHealth().getZoneProbeTimeout());
  }

  /** The publisher's mode and backlog per remote region. */
  @Bean
  @ConditionalOnMissingBean(name = "evcachePublisherHealthIndicator")
  @ConditionalOnEnabledHealthIndicator("evcache-publisher")
  @ConditionalOnBean(EVCacheClient.class)
  public HealthIndicator evcachePublisherHealthIndicator(ObjectProvider<MeterRegistry> registry) {
    return new PublisherHealthIndicator(registry);
  }

  /** The embedded relay polls and reaches its zones. */
  @Bean
  @ConditionalOnMissingBean(name = "invalidationRelayHealthIndicator")
  @ConditionalOnEnabledHealthIndicator("invalidation-relay")
  @ConditionalOnBean(InvalidationRelay.class)
  public HealthIndicator invalidationRelayHealthIndicator(InvalidationRelay relay) {
    return new RelayHealthIndicator(relay);
  }

  /** A node of the local datacenter is up. */
  @Bean
  @ConditionalOnMissingBean(name = "cassandraLocalDcHealthIndicator")
  @ConditionalOnEnabledHealthIndicator("cassandra-local-dc")
  @ConditionalOnBean(CqlSession.class)
  public HealthIndicator cassandraLocalDcHealthIndicator(CqlSession session, ActiveActiveProperties properties) {
    CassandraProperties c = properties.getCassandra();
    return new CassandraLocalDcHealthIndicator(session,
        c.getLocalDatacenter() != null ? c.getLocalDatacenter() : properties.getRegion());
  }
}
