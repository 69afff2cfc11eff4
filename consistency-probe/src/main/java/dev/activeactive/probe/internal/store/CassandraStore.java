package dev.activeactive.probe.internal.store;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import dev.activeactive.dualwrite.api.SafeSession;
import dev.activeactive.probe.api.CassandraTarget;
import dev.activeactive.probe.api.ProbeConfig;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The Cassandra path: a session whose local datacenter is the write region writes each record at the write
 * consistency level; a session whose local datacenter is the read region reads it at the read level. Each run
 * writes under a fresh run id, so no row of an earlier run can look visible.
 *
 * <p>Every row is written {@code USING TTL} the configured row TTL (a day by default), so a probe run nightly
 * against a production cluster leaves at most a day of rows behind; {@link #deleteRun()} removes them at once.
 */
public final class CassandraStore implements ExperimentStore {
  private final ProbeConfig config;
  private final CassandraTarget target;
  private final UUID run = UUID.randomUUID();
  private final DefaultConsistencyLevel writeLevel;
  private final DefaultConsistencyLevel readLevel;
  private CqlSession writer;
  private CqlSession reader;
  private PreparedStatement insert;
  private PreparedStatement select;
  private PreparedStatement delete;
  private final java.util.concurrent.atomic.AtomicLong highestId = new java.util.concurrent.atomic.AtomicLong(-1);

  public CassandraStore(ProbeConfig config, CassandraTarget target) {
    this.config = config;
    this.target = target;
    this.writeLevel = level(config.writeConsistency());
    this.readLevel = level(config.readConsistency());
  }

  private static DefaultConsistencyLevel level(String name) {
    try {
      return DefaultConsistencyLevel.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Unknown consistency level '" + name + "'; use one of "
          + java.util.Arrays.toString(DefaultConsistencyLevel.values()), e);
    }
  }

  @Override
  public String name() {
    return "cassandra";
  }

  @Override
  public void prepare(long records) {
    writer = session(config.writeRegion(), target.writeContactPoints());
    reader = session(config.readRegion(), target.readContactPoints());
    writer.execute("CREATE KEYSPACE IF NOT EXISTS " + config.keyspace() + " WITH replication = {'class': "
        + "'NetworkTopologyStrategy', '" + config.writeRegion() + "': " + target.replicationFactor() + ", '"
        + config.readRegion() + "': " + target.replicationFactor() + "}");
    writer.execute("CREATE TABLE IF NOT EXISTS " + config.keyspace() + ".records (run uuid, id bigint, written int, "
        + "PRIMARY KEY ((run, id)))");
    long ttl = config.rowTtl().toSeconds();
    insert = writer.prepare("INSERT INTO " + config.keyspace() + ".records (run, id, written) VALUES (?, ?, 1)"
        + (ttl > 0 ? " USING TTL " + ttl : ""));
    delete = writer.prepare("DELETE FROM " + config.keyspace() + ".records WHERE run = ? AND id = ?");
    select = reader.prepare("SELECT written FROM " + config.keyspace() + ".records WHERE run = ? AND id = ?");
  }

  private CqlSession session(String datacenter, List<java.net.InetSocketAddress> contactPoints) {
    return SafeSession.builder()
        .addContactPoints(contactPoints)
        .localDatacenter(datacenter)
        .configure(c -> {
          c.withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10));
          c.withInt(DefaultDriverOption.CONNECTION_MAX_REQUESTS, 32_768);
          target.username().ifPresent(user -> c
              .withString(DefaultDriverOption.AUTH_PROVIDER_CLASS, "PlainTextAuthProvider")
              .withString(DefaultDriverOption.AUTH_PROVIDER_USER_NAME, user)
              .withString(DefaultDriverOption.AUTH_PROVIDER_PASSWORD, target.password().orElseThrow()));
        })
        .build();
  }

  @Override
  public CompletableFuture<Void> write(long id) {
    highestId.accumulateAndGet(id, Math::max);
    return writer.executeAsync(insert.bind(run, id)
            .setConsistencyLevel(writeLevel))
        .toCompletableFuture()
        .thenApply(rs -> null);
  }

  @Override
  public CompletableFuture<Boolean> isVisible(long id) {
    return reader.executeAsync(select.bind(run, id)
            .setConsistencyLevel(readLevel))
        .toCompletableFuture()
        .thenApply(rs -> rs.one() != null);
  }

  /** Deletes every row this run wrote (the measured records and the background load's), in both datacenters. */
  @Override
  public void deleteRun() throws InterruptedException {
    java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(config.concurrency());
    java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
    for (long id = 0; id <= highestId.get() && failure.get() == null; id++) {
      inFlight.acquire();
      writer.executeAsync(delete.bind(run, id).setConsistencyLevel(writeLevel)).whenComplete((rs, e) -> {
        if (e != null) {
          failure.compareAndSet(null, e);
        }
        inFlight.release();
      });
    }
    inFlight.acquire(config.concurrency());
    if (failure.get() != null) {
      throw new IllegalStateException("Deleting run " + run + "'s rows failed (they expire by their TTL anyway): "
          + failure.get(), failure.get());
    }
  }

  @Override
  public void close() {
    if (writer != null) {
      writer.close();
    }
    if (reader != null) {
      reader.close();
    }
  }
}
