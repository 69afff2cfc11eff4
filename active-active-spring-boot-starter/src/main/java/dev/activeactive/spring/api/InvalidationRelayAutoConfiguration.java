package dev.activeactive.spring.api;

import dev.activeactive.relay.api.InvalidationRelay;
import dev.activeactive.spring.internal.AwsCredentials;
import dev.activeactive.spring.internal.Relays;
import dev.activeactive.spring.internal.ShutdownSequence;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * An embedded {@link InvalidationRelay} for this service's own region, with {@code active-active.relay.enabled},
 * started at once and closed by the shutdown sequence after the cache client.
 */
@AutoConfiguration(after = EVCacheClientAutoConfiguration.class)
@ConditionalOnProperty(prefix = "active-active.relay", name = "enabled", havingValue = "true")
public class InvalidationRelayAutoConfiguration {
  /**
   * Instantiated by Spring Boot when its conditions hold (docs/spring-boot-starter.md); applications do not create
   * it.
   */
  public InvalidationRelayAutoConfiguration() {
  }

  /** The region's relay, polling. */
  @Bean
  @ConditionalOnMissingBean
  public InvalidationRelay invalidationRelay(ActiveActiveProperties properties,
      ObjectProvider<MeterRegistry> registry, ObjectProvider<AwsCredentialsProvider> credentials,
      ShutdownSequence shutdown) {
    InvalidationRelay relay = Relays.builder(properties.requireRegion("the embedded relay"), properties.getRelay(),
        properties.getCache(), registry.getIfAvailable(), AwsCredentials.resolve(properties.getAws(), credentials))
        .build();
    shutdown.register(ShutdownSequence.Stage.RELAY, relay);
    return relay.start();
  }
}
