package dev.activeactive.spring.internal;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the environment sets a property or anything below it, in any form Boot binds (a map's entries,
 * a list's indexed elements, a comma-separated value): {@code @ConditionalOnProperty} sees exact names only.
 */
public abstract class ConfiguredCondition implements Condition {

  private final ConfigurationPropertyName name;

  protected ConfiguredCondition(String name) {
    this.name = ConfigurationPropertyName.of(name);
  }

  @Override
  public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
    return isConfigured(ConfigurationPropertySources.get(context.getEnvironment()), name);
  }

  static boolean isConfigured(Iterable<ConfigurationPropertySource> sources, ConfigurationPropertyName name) {
    for (ConfigurationPropertySource source : sources) {
      if (source.getConfigurationProperty(name) != null
          || source.containsDescendantOf(name) == ConfigurationPropertyState.PRESENT) {
        return true;
      }
    }
    return false;
  }

  /** The cache client is configured: {@code active-active.cache.zones} has an entry. */
  public static final class Cache extends ConfiguredCondition {
    public Cache() {
      super("active-active.cache.zones");
    }
  }

  /** The safe session is configured: {@code active-active.cassandra.contact-points} is set. */
  public static final class Cassandra extends ConfiguredCondition {
    public Cassandra() {
      super("active-active.cassandra.contact-points");
    }
  }

  /** The writer is configured: {@code active-active.cassandra.dual-write.primary.keyspace} is set. */
  public static final class DualWrite extends ConfiguredCondition {
    public DualWrite() {
      super("active-active.cassandra.dual-write.primary.keyspace");
    }
  }
}
