package dev.activeactive.spring.api;

import dev.activeactive.evcache.api.EVCacheClient;
import dev.activeactive.spring.internal.AwsCredentials;
import dev.activeactive.spring.internal.CacheClients;
import dev.activeactive.spring.internal.ConfiguredCondition;
import dev.activeactive.spring.internal.ShutdownSequence;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The {@link EVCacheClient} from {@code active-active.cache.*}, when zones are configured and the application
 * has no client of its own. Meters go to the application's {@link MeterRegistry}.
 */
@AutoConfiguration(after = ActiveActiveAutoConfiguration.class, afterName = {
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@Conditional(ConfiguredCondition.Cache.class)
public class EVCacheClientAutoConfiguration {
  /**
   * Instantiated by Spring Boot when its conditions hold (docs/spring-boot-starter.md); applications do not create
   * it, they declare their own beans to replace its ones.
   */
  public EVCacheClientAutoConfiguration() {
  }

  /**
   * Connects to the zones (waiting up to {@code connect-timeout}) and starts the publishers. Closed by the
   * shutdown sequence after a flush.
   */
  @Bean
  @ConditionalOnMissingBean
  public EVCacheClient evCacheClient(ActiveActiveProperties properties, ObjectProvider<MeterRegistry> registry,
      ObjectProvider<AwsCredentialsProvider> credentials, ShutdownSequence shutdown) {
    CacheProperties cache = properties.getCache();
    EVCacheClient client = CacheClients.builder(properties.requireRegion("the cache client"), cache,
        registry.getIfAvailable(), AwsCredentials.resolve(properties.getAws(), credentials)).build();
    shutdown.flushFirst("the cache client's publisher", client::flush, cache.getPublisher().getCloseTimeout());
    shutdown.register(ShutdownSequence.Stage.CLIENT, client);
    return client;
  }
}
