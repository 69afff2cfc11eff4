package dev.activeactive.spring.api;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import dev.activeactive.dualwrite.api.WriteMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Cassandra safe session and the dual writer ({@code active-active.cassandra.*}). The session is
 * auto-configured when contact points are given; the writer when a primary keyspace is.
 */
public class CassandraProperties {
  /**
   * Created by Spring Boot's binder, which then sets active-active.cassandra.* from the environment; created directly
   * (tests, programmatic set-up) it holds every option's documented default.
   */
  public CassandraProperties() {
  }

  /** Contact points as host:port; setting them turns the safe session on. */
  private List<String> contactPoints = new ArrayList<>();

  /** The datacenter this service runs in (requests go only to its nodes); default active-active.region. */
  private String localDatacenter;

  /** The keyspace for unqualified table names; none by default. */
  private String keyspace;

  /** Default consistency of every request; LOCAL_QUORUM unless set here or in the driver's configuration. */
  private DefaultConsistencyLevel consistency;

  /** Serial consistency of lightweight transactions (SERIAL or LOCAL_SERIAL); LOCAL_SERIAL by default. */
  private DefaultConsistencyLevel serialConsistency;

  /** Publish the driver's own session and node metrics (cassandra.driver.*) to the application's MeterRegistry. */
  private boolean driverMetrics = true;

  /** The dual writer (or single-target writer) on the session. */
  private final DualWrite dualWrite = new DualWrite();

  public List<String> getContactPoints() {
    return contactPoints;
  }

  public void setContactPoints(List<String> contactPoints) {
    this.contactPoints = contactPoints;
  }

  public String getLocalDatacenter() {
    return localDatacenter;
  }

  public void setLocalDatacenter(String localDatacenter) {
    this.localDatacenter = localDatacenter;
  }

  public String getKeyspace() {
    return keyspace;
  }

  public void setKeyspace(String keyspace) {
    this.keyspace = keyspace;
  }

  public DefaultConsistencyLevel getConsistency() {
    return consistency;
  }

  public void setConsistency(DefaultConsistencyLevel consistency) {
    this.consistency = consistency;
  }

  public DefaultConsistencyLevel getSerialConsistency() {
    return serialConsistency;
  }

  public void setSerialConsistency(DefaultConsistencyLevel serialConsistency) {
    this.serialConsistency = serialConsistency;
  }

  public boolean isDriverMetrics() {
    return driverMetrics;
  }

  public void setDriverMetrics(boolean driverMetrics) {
    this.driverMetrics = driverMetrics;
  }

  public DualWrite getDualWrite() {
    return dualWrite;
  }

  /** The writer ({@code active-active.cassandra.dual-write.*}). */
  public static class DualWrite {
    /**
     * Created by Spring Boot's binder, which then sets active-active.cassandra.dual-write.* from the environment;
     * created directly (tests, programmatic set-up) it holds every option's documented default.
     */
    public DualWrite() {
    }

    /** The writer's name, the writer tag of its metrics. */
    private String name = "dualwrite";

    /** The target reads go to and whose result decides the caller's outcome; setting its keyspace turns the writer on. */
    private final Target primary = new Target();

    /** The other target; without its keyspace the writer has one target (PRIMARY_ONLY). */
    private final Target secondary = new Target();

    /** The mode to start in (PRIMARY_ONLY, DUAL, DUAL_BEST_EFFORT); default DUAL with a secondary. */
    private WriteMode mode;

    /** The failed-write log's folder, on a disk that survives restarts (required with a secondary). */
    private Path failedWriteLog;

    /** Fraction of reads (0-1) also run on the secondary to compare. */
    private double shadowReadRatio;

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public Target getPrimary() {
      return primary;
    }

    public Target getSecondary() {
      return secondary;
    }

    public WriteMode getMode() {
      return mode;
    }

    public void setMode(WriteMode mode) {
      this.mode = mode;
    }

    public Path getFailedWriteLog() {
      return failedWriteLog;
    }

    public void setFailedWriteLog(Path failedWriteLog) {
      this.failedWriteLog = failedWriteLog;
    }

    public double getShadowReadRatio() {
      return shadowReadRatio;
    }

    public void setShadowReadRatio(double shadowReadRatio) {
      this.shadowReadRatio = shadowReadRatio;
    }
  }

  /** One target of the writer: a stable name and a keyspace of the session. */
  public static class Target {
    /**
     * Created by Spring Boot's binder, which then sets one dual-write target's options from the environment; created
     * directly (tests, programmatic set-up) it holds every option's documented default.
     */
    public Target() {
    }

    /** A short stable name (metrics, logs, the failed-write log); default primary or secondary. */
    private String name;

    /** The keyspace statements are sent to. */
    private String keyspace;

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public String getKeyspace() {
      return keyspace;
    }

    public void setKeyspace(String keyspace) {
      this.keyspace = keyspace;
    }
  }
}
