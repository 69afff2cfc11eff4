package dev.activeactive.dualwrite.api;

import dev.activeactive.dualwrite.internal.copy.CopyOptions;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;

/**
 * Options {@link Backfill} and {@link Verify} share. Both read a table from the source and destination
 * {@link Target}s token range by token range; the table must have the same columns on both sides and use the
 * Murmur3 partitioner.
 *
 * @param <B> the concrete builder
 */
public abstract class CopyJobBuilder<B extends CopyJobBuilder<B>> {
  private Target source;
  private Target destination;
  private String table;
  private int splits = 1024;
  private int parallelism = 4;
  private int pageSize = 500;
  private Duration requestTimeout;
  private MeterRegistry meterRegistry;

  CopyJobBuilder() {}

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /** Where rows are read from (for a backfill: the target that has the data). Required. */
  public B source(Target source) {
    this.source = Objects.requireNonNull(source, "source");
    return self();
  }

  /** The other side (for a backfill: the target being filled). Required. */
  public B destination(Target destination) {
    this.destination = Objects.requireNonNull(destination, "destination");
    return self();
  }

  /** The table name, without keyspace (each target has its own). Required. */
  public B table(String table) {
    this.table = Objects.requireNonNull(table, "table");
    return self();
  }

  /**
   * Into how many token ranges the ring is cut; 1024 by default. A range is the unit of progress, of
   * checkpointing and (for verify) of memory: a verify holds one range of both sides in memory per thread.
   */
  public B splits(int splits) {
    if (splits < 1) {
      throw new IllegalArgumentException("splits must be at least 1, got " + splits);
    }
    this.splits = splits;
    return self();
  }

  /** How many ranges are worked on at once; 4 by default. */
  public B parallelism(int parallelism) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
    }
    this.parallelism = parallelism;
    return self();
  }

  /** Rows fetched per page of a range scan; 500 by default. */
  public B pageSize(int pageSize) {
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be at least 1, got " + pageSize);
    }
    this.pageSize = pageSize;
    return self();
  }

  /** Timeout of each scan page and insert; the session's {@code basic.request.timeout} by default. */
  public B requestTimeout(Duration timeout) {
    this.requestTimeout = Objects.requireNonNull(timeout, "timeout");
    return self();
  }

  /** Where to count rows copied and differences found; none by default. */
  public B meterRegistry(MeterRegistry registry) {
    this.meterRegistry = Objects.requireNonNull(registry, "registry");
    return self();
  }

  CopyOptions options() {
    if (source == null || destination == null || table == null) {
      throw new IllegalStateException("source(..), destination(..) and table(..) are required");
    }
    if (source.session() == destination.session() && source.keyspace().equals(destination.keyspace())) {
      throw new IllegalStateException("source and destination are the same keyspace of the same session");
    }
    return new CopyOptions(source, destination, table, splits, parallelism, pageSize, requestTimeout,
        meterRegistry);
  }
}
