package dev.activeactive.spring.api;

import dev.activeactive.spring.internal.ShutdownSequence;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Binds {@link ActiveActiveProperties} and provides the shutdown sequence the other auto-configurations register
 * their resources with (client, then relay, then writer, then session; see docs/spring-boot-starter.md).
 */
@AutoConfiguration
@EnableConfigurationProperties(ActiveActiveProperties.class)
public class ActiveActiveAutoConfiguration {
  /**
   * Instantiated by Spring Boot, which imports this auto-configuration from the starter's AutoConfiguration.imports;
   * applications do not create it, they exclude it or declare their own beans.
   */
  public ActiveActiveAutoConfiguration() {
  }

  /** The ordered shutdown of everything the starter builds. */
  @Bean
  @ConditionalOnMissingBean
  public ShutdownSequence activeActiveShutdownSequence() {
    return new ShutdownSequence();
  }
}
