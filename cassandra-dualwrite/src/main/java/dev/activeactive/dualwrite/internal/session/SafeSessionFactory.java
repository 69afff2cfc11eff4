package dev.activeactive.dualwrite.internal.session;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfig;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.DriverExecutionProfile;
import com.datastax.oss.driver.api.core.config.ProgrammaticDriverConfigLoaderBuilder;
import dev.activeactive.dualwrite.api.SafeSessionBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds one session from the options of a {@link SafeSessionBuilder}; see that class for the rules. */
public final class SafeSessionFactory {
  private static final Logger log = LoggerFactory.getLogger(SafeSessionFactory.class);

  /** The driver metrics turned on by {@code driverMetrics(..)}: the ones an operator looks at first. */
  static final List<String> SESSION_METRICS = List.of(
      "connected-nodes", "cql-requests", "cql-client-timeouts", "bytes-sent", "bytes-received",
      "cql-prepared-cache-size");

  static final List<String> NODE_METRICS = List.of(
      "pool.open-connections", "pool.in-flight", "pool.available-streams", "errors.request.unsent",
      "errors.request.aborted", "errors.request.write-timeouts", "errors.request.read-timeouts",
      "errors.request.unavailables", "errors.request.others", "retries.total", "speculative-executions",
      "errors.connection.init");

  /** Driver metric names start with this: {@code cassandra.driver.session.*} and {@code cassandra.driver.nodes.*}. */
  static final String METRICS_PREFIX = "cassandra.driver";

  private final List<InetSocketAddress> contactPoints;
  private final String localDatacenter;
  private final CqlIdentifier keyspace;
  private final ConsistencyLevel consistency;
  private final ConsistencyLevel serialConsistency;
  private final MeterRegistry driverMetricsRegistry;
  private final Consumer<ProgrammaticDriverConfigLoaderBuilder> configCustomizer;
  private final Consumer<CqlSessionBuilder> sessionCustomizer;

  public SafeSessionFactory(
      List<InetSocketAddress> contactPoints,
      String localDatacenter,
      CqlIdentifier keyspace,
      ConsistencyLevel consistency,
      ConsistencyLevel serialConsistency,
      MeterRegistry driverMetricsRegistry,
      Consumer<ProgrammaticDriverConfigLoaderBuilder> configCustomizer,
      Consumer<CqlSessionBuilder> sessionCustomizer) {
    this.contactPoints = contactPoints;
    this.localDatacenter = localDatacenter;
    this.keyspace = keyspace;
    this.consistency = consistency;
    this.serialConsistency = serialConsistency;
    this.driverMetricsRegistry = driverMetricsRegistry;
    this.configCustomizer = configCustomizer;
    this.sessionCustomizer = sessionCustomizer;
  }

  public CompletionStage<CqlSession> buildAsync() {
    ClassLoader classLoader = classLoader();
    DriverConfigLoader loader = configLoader(UserDriverConfig.load(classLoader), classLoader);
    try {
      check(loader.getInitialConfig());
    } catch (RuntimeException e) {
      loader.close();
      throw e;
    }
    CqlSessionBuilder builder = CqlSession.builder().withConfigLoader(loader).withClassLoader(classLoader);
    builder.addContactPoints(contactPoints);
    if (localDatacenter != null) {
      builder.withLocalDatacenter(localDatacenter);
    }
    if (keyspace != null) {
      builder.withKeyspace(keyspace);
    }
    if (driverMetricsRegistry != null) {
      builder.withMetricRegistry(driverMetricsRegistry);
    }
    sessionCustomizer.accept(builder);
    return builder.buildAsync().thenApply(session -> {
      DriverExecutionProfile profile = session.getContext().getConfig().getDefaultProfile();
      checkLocalDatacenter(session, localDatacenter != null ? localDatacenter : localDatacenterOf(profile));
      log.info("Cassandra session {} connected: local datacenter {}, consistency {}, serial consistency {}",
          session.getName(), localDatacenter != null ? localDatacenter : localDatacenterOf(profile),
          profile.getString(DefaultDriverOption.REQUEST_CONSISTENCY),
          profile.getString(DefaultDriverOption.REQUEST_SERIAL_CONSISTENCY));
      return session;
    });
  }

  /**
   * A local datacenter the cluster does not have (a typo) would leave the driver connected to no node that can
   * serve a request: every query then fails with NoNodeAvailableException. Fail here instead, with the list.
   */
  private static void checkLocalDatacenter(CqlSession session, String datacenter) {
    Set<String> known = new TreeSet<>();
    session.getMetadata().getNodes().values().forEach(node -> {
      if (node.getDatacenter() != null) {
        known.add(node.getDatacenter());
      }
    });
    if (!known.contains(datacenter)) {
      session.closeAsync();
      throw new IllegalStateException("The local datacenter '" + datacenter + "' is not a datacenter of this "
          + "cluster, whose datacenters are " + known + "; set localDatacenter(..) (or "
          + "basic.load-balancing-policy.local-datacenter) to the one this service runs in");
    }
  }

  /** The layered configuration; package-private so tests can inspect it without a cluster. */
  DriverConfigLoader configLoader(UserDriverConfig user, ClassLoader classLoader) {
    ProgrammaticDriverConfigLoaderBuilder options = DriverConfigLoader.programmaticBuilder(classLoader);
    // The programmatic layer wins over application.conf, so a safe default is only written where the user's
    // own configuration is silent; an explicit builder value is always written.
    if (consistency != null) {
      options.withString(DefaultDriverOption.REQUEST_CONSISTENCY, consistency.name());
    } else if (!user.isSet(DefaultDriverOption.REQUEST_CONSISTENCY)) {
      options.withString(DefaultDriverOption.REQUEST_CONSISTENCY, SafeSessionBuilder.DEFAULT_CONSISTENCY.name());
    }
    if (serialConsistency != null) {
      options.withString(DefaultDriverOption.REQUEST_SERIAL_CONSISTENCY, serialConsistency.name());
    } else if (!user.isSet(DefaultDriverOption.REQUEST_SERIAL_CONSISTENCY)) {
      options.withString(DefaultDriverOption.REQUEST_SERIAL_CONSISTENCY,
          SafeSessionBuilder.DEFAULT_SERIAL_CONSISTENCY.name());
    }
    // The driver's request logger and its server-warning log print bound values by default: row data has no
    // place in a library's logs, so values stay out unless the user's configuration asks for them.
    if (!user.isSet(DefaultDriverOption.REQUEST_LOGGER_VALUES)) {
      options.withBoolean(DefaultDriverOption.REQUEST_LOGGER_VALUES, false);
    }
    if (driverMetricsRegistry != null) {
      // the driver's own Micrometer module: real timers (monotonic totals, percentiles), tagged names
      options.withString(DefaultDriverOption.METRICS_FACTORY_CLASS, "MicrometerMetricsFactory");
      options.withString(DefaultDriverOption.METRICS_ID_GENERATOR_CLASS, "TaggingMetricIdGenerator");
      options.withString(DefaultDriverOption.METRICS_ID_GENERATOR_PREFIX, METRICS_PREFIX);
      options.withStringList(DefaultDriverOption.METRICS_SESSION_ENABLED,
          union(user.stringList(DefaultDriverOption.METRICS_SESSION_ENABLED), SESSION_METRICS));
      options.withStringList(DefaultDriverOption.METRICS_NODE_ENABLED,
          union(user.stringList(DefaultDriverOption.METRICS_NODE_ENABLED), NODE_METRICS));
    }
    configCustomizer.accept(options);
    return options.build();
  }

  /** Refuses configurations that break the "local datacenter only" promise, with what to change. */
  void check(DriverConfig config) {
    DriverExecutionProfile defaults = config.getDefaultProfile();
    if (localDatacenter == null && localDatacenterOf(defaults) == null) {
      throw new IllegalStateException("No local datacenter: call SafeSessionBuilder.localDatacenter(\"<dc>\") or set "
          + "datastax-java-driver.basic.load-balancing-policy.local-datacenter; a service must name the "
          + "datacenter it runs in so that LOCAL_* consistency levels mean its own datacenter");
    }
    for (DriverExecutionProfile profile : config.getProfiles().values()) {
      if (profile.getBoolean(DefaultDriverOption.LOAD_BALANCING_DC_FAILOVER_ALLOW_FOR_LOCAL_CONSISTENCY_LEVELS,
          false)) {
        throw new IllegalStateException("Execution profile '" + profile.getName() + "' sets "
            + DefaultDriverOption.LOAD_BALANCING_DC_FAILOVER_ALLOW_FOR_LOCAL_CONSISTENCY_LEVELS.getPath()
            + " = true, which sends LOCAL_* requests to remote datacenters; remove it (a remote datacenter "
            + "cannot serve a local consistency level in an active-active setup)");
      }
      String level = profile.getString(DefaultDriverOption.REQUEST_CONSISTENCY, null);
      if (level != null && !isLocal(level)) {
        log.warn("Execution profile '{}' uses consistency {} by default, which waits for remote datacenters; "
            + "LOCAL_QUORUM is the safe default for active-active services", profile.getName(), level);
      }
    }
  }

  private static boolean isLocal(String level) {
    try {
      DefaultConsistencyLevel parsed = DefaultConsistencyLevel.valueOf(level);
      return parsed == DefaultConsistencyLevel.LOCAL_ONE || parsed == DefaultConsistencyLevel.LOCAL_QUORUM;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String localDatacenterOf(DriverExecutionProfile profile) {
    return profile.getString(DefaultDriverOption.LOAD_BALANCING_LOCAL_DATACENTER, null);
  }

  private static List<String> union(List<String> a, List<String> b) {
    Set<String> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }

  private static ClassLoader classLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : SafeSessionFactory.class.getClassLoader();
  }

  /** Waits for a future and unwraps the driver's exception, so sync callers see the real cause. */
  public static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting", e);
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    }
  }

  /** Unwraps CompletionException layers and rethrows unchecked exceptions as they are. */
  public static RuntimeException rethrow(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new CompletionException(t);
  }
}
