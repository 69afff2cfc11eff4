package dev.activeactive.spring.internal;

import dev.activeactive.dualwrite.api.DualWrite;
import dev.activeactive.dualwrite.api.DualWriterBuilder;
import dev.activeactive.dualwrite.api.SafeSession;
import dev.activeactive.dualwrite.api.SafeSessionBuilder;
import dev.activeactive.dualwrite.api.Target;
import com.datastax.oss.driver.api.core.CqlSession;
import dev.activeactive.spring.api.CassandraProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;

/** Turns {@code active-active.cassandra.*} into the safe session's and the writer's builders. */
public final class CassandraSessions {

  private CassandraSessions() {}

  /** The safe session's builder; the local datacenter defaults to the region. */
  public static SafeSessionBuilder session(String region, CassandraProperties c, MeterRegistry registry) {
    SafeSessionBuilder b = SafeSession.builder();
    for (String point : c.getContactPoints()) {
      b.addContactPoint(contactPoint(point));
    }
    String dc = c.getLocalDatacenter() != null ? c.getLocalDatacenter() : region;
    if (dc == null || dc.isBlank()) {
      throw new IllegalStateException("the Cassandra session needs its local datacenter: set"
          + " active-active.cassandra.local-datacenter or active-active.region");
    }
    b.localDatacenter(dc);
    if (c.getKeyspace() != null) {
      b.keyspace(c.getKeyspace());
    }
    if (c.getConsistency() != null) {
      b.consistency(c.getConsistency());
    }
    if (c.getSerialConsistency() != null) {
      b.serialConsistency(c.getSerialConsistency());
    }
    if (c.isDriverMetrics() && registry != null) {
      b.driverMetrics(registry);
    }
    return b;
  }

  /** The writer's builder on {@code session}: one target, or two with a secondary keyspace. */
  public static DualWriterBuilder writer(CassandraProperties.DualWrite w, CqlSession session,
      MeterRegistry registry) {
    DualWriterBuilder b = DualWrite.builder()
        .name(w.getName())
        .primary(target(w.getPrimary(), "primary", session));
    if (w.getSecondary().getKeyspace() != null) {
      b.secondary(target(w.getSecondary(), "secondary", session));
      if (w.getFailedWriteLog() == null) {
        throw new IllegalStateException("active-active.cassandra.dual-write.failed-write-log is required with a"
            + " secondary: a folder on a disk that survives restarts");
      }
      b.failedWriteLog(w.getFailedWriteLog()).shadowReadRatio(w.getShadowReadRatio());
    }
    if (w.getMode() != null) {
      b.mode(w.getMode());
    }
    if (registry != null) {
      b.meterRegistry(registry);
    }
    return b;
  }

  private static Target target(CassandraProperties.Target t, String role, CqlSession session) {
    return Target.of(t.getName() != null ? t.getName() : role, session, t.getKeyspace());
  }

  static InetSocketAddress contactPoint(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    try {
      if (colon <= 0) {
        throw new NumberFormatException();
      }
      return new InetSocketAddress(hostPort.substring(0, colon).trim(),
          Integer.parseInt(hostPort.substring(colon + 1).trim()));
    } catch (NumberFormatException e) {
      throw new IllegalStateException("active-active.cassandra.contact-points: '" + hostPort
          + "' is not host:port, for example 10.0.0.1:9042");
    }
  }
}
