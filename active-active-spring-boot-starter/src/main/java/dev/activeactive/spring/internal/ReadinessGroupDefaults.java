package dev.activeactive.spring.internal;

import java.util.Map;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

/**
 * Makes the {@code readiness} health group {@code readinessState} and {@code evcacheZones} (Boot 4 turns the
 * probes on by default), so that a load balancer or Kubernetes sends no traffic before the zones answer.
 *
 * <p>Added as the environment's last property source, so whatever the application sets for
 * {@code management.endpoint.health.group.readiness.include} wins. It is a bean factory post-processor rather
 * than an environment post-processor so that it also sees properties added while the context is prepared
 * ({@code @DynamicPropertySource} in tests), and runs before the health endpoint binds its groups.
 */
public final class ReadinessGroupDefaults implements BeanFactoryPostProcessor, EnvironmentAware {

  static final String SOURCE = "activeActiveReadinessDefaults";

  private Environment environment;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    if (environment instanceof ConfigurableEnvironment env
        && env.getProperty("active-active.health.readiness-group", Boolean.class, true)
        && !env.getPropertySources().contains(SOURCE)) {
      env.getPropertySources().addLast(new MapPropertySource(SOURCE, Map.of(
          "management.endpoint.health.group.readiness.include", "readinessState,evcacheZones")));
    }
  }
}
