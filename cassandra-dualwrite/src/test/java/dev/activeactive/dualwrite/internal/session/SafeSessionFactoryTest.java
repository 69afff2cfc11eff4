package dev.activeactive.dualwrite.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.DriverExecutionProfile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class SafeSessionFactoryTest {

  private static SafeSessionFactory factory(String dc, DefaultConsistencyLevel consistency,
      java.util.function.Consumer<com.datastax.oss.driver.api.core.config.ProgrammaticDriverConfigLoaderBuilder> extra) {
    return new SafeSessionFactory(List.of(), dc, null, consistency, null, null, extra, b -> {});
  }

  private static DriverExecutionProfile profile(SafeSessionFactory factory, UserDriverConfig user) {
    try (DriverConfigLoader loader = factory.configLoader(user, SafeSessionFactoryTest.class.getClassLoader())) {
      return loader.getInitialConfig().getDefaultProfile();
    }
  }

  @Test
  void defaultsToLocalQuorumAndLocalSerial() {
    DriverExecutionProfile p = profile(factory("dc1", null, b -> {}), UserDriverConfig.of(""));

    assertThat(p.getString(DefaultDriverOption.REQUEST_CONSISTENCY)).isEqualTo("LOCAL_QUORUM");
    assertThat(p.getString(DefaultDriverOption.REQUEST_SERIAL_CONSISTENCY)).isEqualTo("LOCAL_SERIAL");
    assertThat(p.getBoolean(DefaultDriverOption.LOAD_BALANCING_DC_FAILOVER_ALLOW_FOR_LOCAL_CONSISTENCY_LEVELS))
        .isFalse();
  }

  @Test
  void aConsistencySetInTheUsersConfigurationIsLeftAlone() {
    // the factory does not write the option, so whatever application.conf says stays in force
    UserDriverConfig user = UserDriverConfig.of("datastax-java-driver.basic.request.consistency = ONE");
    DriverExecutionProfile p = profile(factory("dc1", null, b -> {}), user);

    assertThat(p.getString(DefaultDriverOption.REQUEST_CONSISTENCY)).isNotEqualTo("LOCAL_QUORUM");
    assertThat(p.getString(DefaultDriverOption.REQUEST_SERIAL_CONSISTENCY)).isEqualTo("LOCAL_SERIAL");
  }

  @Test
  void anExplicitBuilderValueWins() {
    UserDriverConfig user = UserDriverConfig.of("datastax-java-driver.basic.request.consistency = ONE");
    DriverExecutionProfile p = profile(factory("dc1", DefaultConsistencyLevel.LOCAL_ONE, b -> {}), user);

    assertThat(p.getString(DefaultDriverOption.REQUEST_CONSISTENCY)).isEqualTo("LOCAL_ONE");
  }

  @Test
  void aLocalDatacenterIsRequired() {
    SafeSessionFactory factory = factory(null, null, b -> {});
    try (DriverConfigLoader loader = factory.configLoader(UserDriverConfig.of(""), getClass().getClassLoader())) {
      assertThatThrownBy(() -> factory.check(loader.getInitialConfig()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("localDatacenter");
    }
  }

  @Test
  void aLocalDatacenterInTheConfigurationIsEnough() {
    SafeSessionFactory factory = factory(null, null,
        b -> b.withString(DefaultDriverOption.LOAD_BALANCING_LOCAL_DATACENTER, "dc1"));
    try (DriverConfigLoader loader = factory.configLoader(UserDriverConfig.of(""), getClass().getClassLoader())) {
      factory.check(loader.getInitialConfig());
    }
  }

  @Test
  void remoteFailoverForLocalLevelsIsRefusedInAnyProfile() {
    SafeSessionFactory factory = factory("dc1", null, b -> b.startProfile("reports")
        .withBoolean(DefaultDriverOption.LOAD_BALANCING_DC_FAILOVER_ALLOW_FOR_LOCAL_CONSISTENCY_LEVELS, true)
        .endProfile());
    try (DriverConfigLoader loader = factory.configLoader(UserDriverConfig.of(""), getClass().getClassLoader())) {
      assertThatThrownBy(() -> factory.check(loader.getInitialConfig()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("'reports'")
          .hasMessageContaining("allow-for-local-consistency-levels");
    }
  }

  @Test
  void driverMetricsAreTurnedOnWhenARegistryIsGiven() {
    SafeSessionFactory factory = new SafeSessionFactory(List.of(), "dc1", null, null, null,
        new SimpleMeterRegistry(), b -> {}, b -> {});
    DriverExecutionProfile p = profile(factory, UserDriverConfig.of(""));

    assertThat(p.getStringList(DefaultDriverOption.METRICS_SESSION_ENABLED)).contains("cql-requests");
    assertThat(p.getStringList(DefaultDriverOption.METRICS_NODE_ENABLED)).contains("pool.in-flight");
  }

  @Test
  void boundValuesStayOutOfTheDriversLogsUnlessTheUserAsksForThem() {
    assertThat(profile(factory("dc1", null, b -> {}), UserDriverConfig.of(""))
        .getBoolean(DefaultDriverOption.REQUEST_LOGGER_VALUES)).isFalse();
    // when the user's own configuration sets it, the factory writes nothing over it (the loader here does not
    // read that test configuration, so the option is simply not defined)
    UserDriverConfig user = UserDriverConfig.of("datastax-java-driver.advanced.request-tracker.logs.show-values = true");
    try (DriverConfigLoader loader = factory("dc1", null, b -> {}).configLoader(user, getClass().getClassLoader())) {
      assertThat(loader.getInitialConfig().getDefaultProfile().isDefined(DefaultDriverOption.REQUEST_LOGGER_VALUES))
          .isFalse();
    }
  }

  @Test
  void driverMetricsUseTheDriversMicrometerModuleWithTaggedNames() {
    SafeSessionFactory withMetrics = new SafeSessionFactory(List.of(), "dc1", null, null, null,
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), b -> {}, b -> {});
    DriverExecutionProfile p = profile(withMetrics, UserDriverConfig.of(""));

    assertThat(p.getString(DefaultDriverOption.METRICS_FACTORY_CLASS)).isEqualTo("MicrometerMetricsFactory");
    assertThat(p.getString(DefaultDriverOption.METRICS_ID_GENERATOR_CLASS)).isEqualTo("TaggingMetricIdGenerator");
    assertThat(p.getString(DefaultDriverOption.METRICS_ID_GENERATOR_PREFIX)).isEqualTo("cassandra.driver");
    assertThat(p.getStringList(DefaultDriverOption.METRICS_SESSION_ENABLED)).contains("cql-requests");
  }
}
