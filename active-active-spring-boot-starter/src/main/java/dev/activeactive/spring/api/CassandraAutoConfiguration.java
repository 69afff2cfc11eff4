package dev.activeactive.spring.api;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.activeactive.dualwrite.api.DualWriter;
import dev.activeactive.spring.internal.CassandraSessions;
import dev.activeactive.spring.internal.ConfiguredCondition;
import dev.activeactive.spring.internal.ShutdownSequence;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * The Cassandra safe session (local datacenter, {@code LOCAL_QUORUM}, no remote datacenter on a local request)
 * when {@code active-active.cassandra.contact-points} is set, and a {@link DualWriter} on it when
 * {@code active-active.cassandra.dual-write.primary.keyspace} is. Runs before Boot's own Cassandra
 * auto-configuration, which then backs off.
 */
@AutoConfiguration(after = InvalidationRelayAutoConfiguration.class,
    beforeName = "org.springframework.boot.cassandra.autoconfigure.CassandraAutoConfiguration")
public class CassandraAutoConfiguration {
  /**
   * Instantiated by Spring Boot when its conditions hold (docs/spring-boot-starter.md); applications do not create
   * it, they declare their own beans to replace its ones.
   */
  public CassandraAutoConfiguration() {
  }

  /** The safe session; closed last by the shutdown sequence. */
  @Bean
  @ConditionalOnMissingBean
  @Conditional(ConfiguredCondition.Cassandra.class)
  public CqlSession activeActiveCqlSession(ActiveActiveProperties properties,
      ObjectProvider<MeterRegistry> registry, ShutdownSequence shutdown) {
    CqlSession session = CassandraSessions.session(properties.getRegion(), properties.getCassandra(),
        registry.getIfAvailable()).build();
    shutdown.register(ShutdownSequence.Stage.SESSION, session);
    return session;
  }

  /** The writer on the application's session (this one or its own); closed before the session. */
  @Bean
  @ConditionalOnMissingBean
  @Conditional(ConfiguredCondition.DualWrite.class)
  public DualWriter dualWriter(ActiveActiveProperties properties, CqlSession session,
      ObjectProvider<MeterRegistry> registry, ShutdownSequence shutdown) {
    DualWriter writer = CassandraSessions.writer(properties.getCassandra().getDualWrite(), session,
        registry.getIfAvailable()).build();
    shutdown.register(ShutdownSequence.Stage.WRITER, writer);
    return writer;
  }
}
