package dev.activeactive.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.activeactive.evcache.api.DatasetConfig;
import dev.activeactive.evcache.api.EVCacheClient;
import dev.activeactive.evcache.api.EVCacheClientBuilder;
import dev.activeactive.evcache.api.ZoneConfig;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.RegionSandboxTest;
import dev.activeactive.sandbox.api.ZoneEndpoint;
import dev.activeactive.spring.api.ActiveActiveAutoConfiguration;
import dev.activeactive.spring.api.ActiveActiveHealthAutoConfiguration;
import dev.activeactive.spring.api.CassandraAutoConfiguration;
import dev.activeactive.spring.api.EVCacheClientAutoConfiguration;
import dev.activeactive.spring.api.InvalidationRelayAutoConfiguration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An application that defines its own client gets no auto-configured one, even with every cache property set
 * (the sandbox's us-west-2 zones, so an auto-configured client would connect and exist).
 */
@RegionSandboxTest
class OwnBeansBackOffIT {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ActiveActiveAutoConfiguration.class,
          EVCacheClientAutoConfiguration.class, InvalidationRelayAutoConfiguration.class,
          CassandraAutoConfiguration.class, ActiveActiveHealthAutoConfiguration.class));

  @Test
  void anApplicationWithItsOwnClientGetsNoAutoConfiguredOne(RegionSandbox sandbox) {
    Map<String, Object> properties = SandboxProperties.forRegion(sandbox, SandboxProperties.WEST);
    properties.put("active-active.relay.enabled", "false");
    ApplicationContextRunner configured = runner.withUserConfiguration(OwnClient.class);
    for (Map.Entry<String, Object> p : properties.entrySet()) {
      configured = configured.withPropertyValues(p.getKey() + "=" + p.getValue());
    }
    configured.run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBeansOfType(EVCacheClient.class)).containsOnlyKeys("myOwnClient");
      assertThat(context.getBean(EVCacheClient.class).datasets()).containsExactly("mine");
    });
  }

  @Test
  void withoutOneTheApplicationGetsTheConfiguredClient(RegionSandbox sandbox) {
    Map<String, Object> properties = SandboxProperties.forRegion(sandbox, SandboxProperties.WEST);
    properties.put("active-active.relay.enabled", "false");
    ApplicationContextRunner configured = runner;
    for (Map.Entry<String, Object> p : properties.entrySet()) {
      configured = configured.withPropertyValues(p.getKey() + "=" + p.getValue());
    }
    configured.run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBeansOfType(EVCacheClient.class)).containsOnlyKeys("evCacheClient");
      assertThat(context.getBean(EVCacheClient.class).datasets()).containsExactlyInAnyOrder("items", "replicated");
    });
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnClient {
    @Bean
    EVCacheClient myOwnClient() {
      EVCacheClientBuilder b = EVCacheClient.builder().region(SandboxProperties.WEST)
          .dataset(DatasetConfig.builder("mine").build());
      for (ZoneEndpoint zone : RegionSandbox.shared().region(SandboxProperties.WEST).zones()) {
        b.zone(ZoneConfig.of(zone.name(), zone.memcachedHostPort()));
      }
      return b.build();
    }
  }
}
