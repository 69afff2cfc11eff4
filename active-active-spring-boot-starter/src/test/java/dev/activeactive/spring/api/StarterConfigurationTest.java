package dev.activeactive.spring.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.activeactive.evcache.api.EVCacheClient;
import dev.activeactive.relay.api.InvalidationRelay;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** What the auto-configuration does with incomplete or wrong properties, before anything connects. */
class StarterConfigurationTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ActiveActiveAutoConfiguration.class,
          EVCacheClientAutoConfiguration.class, InvalidationRelayAutoConfiguration.class,
          CassandraAutoConfiguration.class, ActiveActiveHealthAutoConfiguration.class));

  @Test
  void withoutZonesThereIsNoClientNorZonesIndicator() {
    runner.withPropertyValues("active-active.region=us-east-1").run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).doesNotHaveBean(EVCacheClient.class);
      assertThat(context).doesNotHaveBean("evcacheZonesHealthIndicator");
      assertThat(context).doesNotHaveBean(InvalidationRelay.class);
      assertThat(context).doesNotHaveBean("activeActiveCqlSession");
    });
  }

  @Test
  void zonesWithoutARegionFailNamingTheProperty() {
    runner.withPropertyValues("active-active.cache.zones.a=127.0.0.1:1",
        "active-active.cache.datasets.items.replication=INVALIDATE").run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("active-active.region is required");
        });
  }

  @Test
  void zonesWithoutADatasetFailNamingTheProperty() {
    runner.withPropertyValues("active-active.region=us-east-1", "active-active.cache.zones.a=127.0.0.1:1")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("active-active.cache.datasets");
        });
  }

  @Test
  void aSigningSecretThatIsNotBase64FailsWithoutShowingIt() {
    runner.withPropertyValues("active-active.region=us-east-1", "active-active.cache.zones.a=127.0.0.1:1",
        "active-active.cache.datasets.items.replication=INVALIDATE",
        "active-active.cache.publisher.remote-regions.us-west-2.queue-url=http://127.0.0.1:1/q",
        "active-active.cache.publisher.signing-secret=not*base64!secret").run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause().isInstanceOf(IllegalArgumentException.class);
          assertThat(context.getStartupFailure()).hasStackTraceContaining(
              "active-active.cache.publisher.signing-secret is not valid Base64");
          assertThat(context.getStartupFailure()).satisfies(e -> assertThat(stackTrace(e)).doesNotContain(
              "not*base64!secret"));
        });
  }

  @Test
  void aRemoteRegionWithoutAQueueFailsNamingTheProperty() {
    runner.withPropertyValues("active-active.region=us-east-1", "active-active.cache.zones.a=127.0.0.1:1",
        "active-active.cache.datasets.items.replication=INVALIDATE",
        "active-active.cache.publisher.remote-regions.us-west-2.endpoint=http://127.0.0.1:1").run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(
              "active-active.cache.publisher.remote-regions.us-west-2.queue-url is required");
        });
  }

  @Test
  void anEnabledRelayWithoutAQueueFailsNamingTheProperty() {
    runner.withPropertyValues("active-active.region=us-east-1", "active-active.relay.enabled=true",
        "active-active.relay.zones.a=127.0.0.1:1").run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("active-active.relay.queue");
        });
  }

  private static String stackTrace(Throwable e) {
    java.io.StringWriter out = new java.io.StringWriter();
    e.printStackTrace(new java.io.PrintWriter(out));
    return out.toString();
  }
}
