package dev.activeactive.spring.internal;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Defines the {@code readiness} health group as {@code readinessState} and {@code evcacheZones}, and turns on
 * Boot's probes, so that a load balancer or Kubernetes does not send traffic before the zones answer. Added last
 * (the lowest precedence): whatever the application sets for these properties wins; nothing is added without a
 * configured cache client or with {@code active-active.health.readiness-group=false}.
 */
public final class ReadinessGroupDefaults implements EnvironmentPostProcessor {

  static final String SOURCE = "activeActiveReadinessDefaults";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    boolean cache = ConfiguredCondition.isConfigured(ConfigurationPropertySources.get(environment),
        ConfigurationPropertyName.of("active-active.cache.zones"));
    boolean wanted = environment.getProperty("active-active.health.readiness-group", Boolean.class, true);
    if (cache && wanted && !environment.getPropertySources().contains(SOURCE)) {
      environment.getPropertySources().addLast(new MapPropertySource(SOURCE, Map.of(
          "management.endpoint.health.probes.enabled", "true",
          "management.endpoint.health.group.readiness.include", "readinessState,evcacheZones")));
    }
  }
}
