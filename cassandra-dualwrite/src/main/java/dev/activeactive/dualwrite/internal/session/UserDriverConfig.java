package dev.activeactive.dualwrite.internal.session;

import com.datastax.oss.driver.api.core.config.DriverOption;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;

/**
 * What the user's own driver configuration says, without the driver's {@code reference.conf}: system
 * properties and {@code application.conf} (or {@code -Dconfig.file / config.resource / config.url}), the same
 * sources the driver's default loader reads. It tells the safe defaults where to stay out of the way.
 */
public final class UserDriverConfig {
  static final String ROOT = "datastax-java-driver";

  private final Config config;

  UserDriverConfig(Config config) {
    this.config = config;
  }

  /** Reads the configuration the driver would read now (caches are dropped so edits are seen). */
  public static UserDriverConfig load(ClassLoader classLoader) {
    ConfigFactory.invalidateCaches();
    return new UserDriverConfig(
        ConfigFactory.defaultOverrides(classLoader).withFallback(ConfigFactory.defaultApplication(classLoader)));
  }

  /** A fixed configuration, for tests. */
  public static UserDriverConfig of(String hocon) {
    return new UserDriverConfig(ConfigFactory.parseString(hocon));
  }

  boolean isSet(DriverOption option) {
    return config.hasPath(path(option));
  }

  List<String> stringList(DriverOption option) {
    return isSet(option) ? config.getStringList(path(option)) : List.of();
  }

  private static String path(DriverOption option) {
    return ROOT + "." + option.getPath();
  }
}
