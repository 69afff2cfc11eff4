package dev.activeactive.dualwrite.api;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.config.ProgrammaticDriverConfigLoaderBuilder;
import dev.activeactive.dualwrite.internal.session.SafeSessionFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Builds a {@link CqlSession} with safe defaults for a service that lives in one datacenter of a
 * multi-datacenter cluster.
 *
 * <h2>What it sets</h2>
 *
 * <ul>
 *   <li>The local datacenter is required: give it with {@link #localDatacenter(String)} or in the driver's
 *       configuration ({@code basic.load-balancing-policy.local-datacenter}); building fails otherwise.
 *   <li>Default consistency {@code LOCAL_QUORUM} and serial consistency {@code LOCAL_SERIAL}, instead of the
 *       driver's {@code LOCAL_ONE} and {@code SERIAL}. A statement that sets its own level keeps it.
 *   <li>Requests at a local consistency level never fail over to a remote datacenter
 *       ({@code advanced.load-balancing-policy.dc-failover.allow-for-local-consistency-levels = false}).
 *       Building fails if the configuration turns that on, in any execution profile.
 * </ul>
 *
 * <h2>Precedence</h2>
 *
 * From strongest to weakest: what this builder is told explicitly; the driver's usual configuration
 * ({@code application.conf} / {@code -Dconfig.file} / system properties under {@code datastax-java-driver});
 * the safe defaults above; the driver's {@code reference.conf}. So an {@code application.conf} that sets
 * {@code basic.request.consistency} keeps its value (a warning is logged when it is not a local level).
 *
 * <p>Builders are not thread-safe; the sessions they build are.
 */
public final class SafeSessionBuilder {
  private final List<InetSocketAddress> contactPoints = new ArrayList<>();
  private String localDatacenter;
  private CqlIdentifier keyspace;
  private ConsistencyLevel consistency;
  private ConsistencyLevel serialConsistency;
  private MeterRegistry driverMetricsRegistry;
  private Consumer<ProgrammaticDriverConfigLoaderBuilder> configCustomizer = b -> {};
  private Consumer<CqlSessionBuilder> sessionCustomizer = b -> {};

  SafeSessionBuilder() {}

  /**
   * Adds a contact point. Without any, the driver's configuration ({@code basic.contact-points}) or its
   * default {@code 127.0.0.1:9042} is used.
   */
  public SafeSessionBuilder addContactPoint(InetSocketAddress contactPoint) {
    contactPoints.add(Objects.requireNonNull(contactPoint, "contactPoint"));
    return this;
  }

  /** Adds several contact points; see {@link #addContactPoint}. */
  public SafeSessionBuilder addContactPoints(List<InetSocketAddress> points) {
    points.forEach(this::addContactPoint);
    return this;
  }

  /**
   * The datacenter this service runs in; requests go only to its nodes. Required unless the driver
   * configuration sets {@code basic.load-balancing-policy.local-datacenter}.
   */
  public SafeSessionBuilder localDatacenter(String datacenter) {
    this.localDatacenter = requireText(datacenter, "localDatacenter");
    return this;
  }

  /** The keyspace the session uses for unqualified table names; none by default. */
  public SafeSessionBuilder keyspace(String keyspace) {
    this.keyspace = CqlIdentifier.fromCql(requireText(keyspace, "keyspace"));
    return this;
  }

  /**
   * Overrides the default consistency level of every request (default {@code LOCAL_QUORUM}, or what the
   * driver configuration says). Takes precedence over {@code application.conf}.
   */
  public SafeSessionBuilder consistency(ConsistencyLevel level) {
    this.consistency = Objects.requireNonNull(level, "level");
    return this;
  }

  /**
   * Overrides the default serial consistency of lightweight transactions (default {@code LOCAL_SERIAL}).
   * Must be {@code SERIAL} or {@code LOCAL_SERIAL}.
   */
  public SafeSessionBuilder serialConsistency(ConsistencyLevel level) {
    Objects.requireNonNull(level, "level");
    if (!level.isSerial()) {
      throw new IllegalArgumentException("serialConsistency must be SERIAL or LOCAL_SERIAL, not " + level
          + "; set the regular consistency with consistency(..)");
    }
    this.serialConsistency = level;
    return this;
  }

  /**
   * Turns on the driver's own session and node metrics and publishes them to {@code registry} under
   * {@code cassandra.driver.*} (see the module documentation for the list). Off by default.
   */
  public SafeSessionBuilder driverMetrics(MeterRegistry registry) {
    this.driverMetricsRegistry = Objects.requireNonNull(registry, "registry");
    return this;
  }

  /**
   * Sets further driver options programmatically; they take precedence over {@code application.conf} and the
   * safe defaults, but the checks above still run on the result.
   */
  public SafeSessionBuilder configure(Consumer<ProgrammaticDriverConfigLoaderBuilder> customizer) {
    this.configCustomizer = Objects.requireNonNull(customizer, "customizer");
    return this;
  }

  /**
   * Last-chance access to the driver's own {@link CqlSessionBuilder} (request trackers, credentials, SSL,
   * codecs). Do not replace its configuration loader there: that would drop the safe defaults.
   */
  public SafeSessionBuilder customizeSession(Consumer<CqlSessionBuilder> customizer) {
    this.sessionCustomizer = Objects.requireNonNull(customizer, "customizer");
    return this;
  }

  /**
   * Connects asynchronously.
   *
   * @throws IllegalStateException (immediately) when no local datacenter is given or the configuration lets
   *     local consistency levels use remote datacenters
   */
  public CompletionStage<CqlSession> buildAsync() {
    return new SafeSessionFactory(
            List.copyOf(contactPoints),
            localDatacenter,
            keyspace,
            consistency,
            serialConsistency,
            driverMetricsRegistry,
            configCustomizer,
            sessionCustomizer)
        .buildAsync();
  }

  /** Connects and waits; see {@link #buildAsync()}. */
  public CqlSession build() {
    return SafeSessionFactory.await(buildAsync());
  }

  /** The consistency level this library uses when nothing else is configured. */
  public static final ConsistencyLevel DEFAULT_CONSISTENCY = DefaultConsistencyLevel.LOCAL_QUORUM;

  /** The serial consistency level this library uses when nothing else is configured. */
  public static final ConsistencyLevel DEFAULT_SERIAL_CONSISTENCY = DefaultConsistencyLevel.LOCAL_SERIAL;

  private static String requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    return value;
  }
}
