package dev.activeactive.dualwrite.internal.copy;

import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import dev.activeactive.dualwrite.api.Target;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/** The options backfill and verify share, validated by their builders. Null timeout: the session's. */
public record CopyOptions(
    Target source,
    Target destination,
    String table,
    int splits,
    int parallelism,
    int pageSize,
    Duration requestTimeout,
    MeterRegistry meterRegistry) {

  /** The table's shape, read from the source's schema; the destination must have the same columns. */
  public TableShape shape() {
    TableMetadata table = metadata(source);
    TableMetadata other = metadata(destination);
    TableShape shape = TableShape.of(table);
    TableShape otherShape = TableShape.of(other);
    if (!shape.partitionKey().equals(otherShape.partitionKey()) || !shape.clustering().equals(otherShape.clustering())
        || !new java.util.HashSet<>(shape.valueColumns()).equals(new java.util.HashSet<>(otherShape.valueColumns()))) {
      throw new IllegalStateException("Table " + this.table + " does not have the same columns in "
          + source.name() + " and " + destination.name() + "; align the schemas before copying");
    }
    return shape;
  }

  private TableMetadata metadata(Target target) {
    var partitioner = target.session().getMetadata().getTokenMap().map(m -> m.getPartitionerName()).orElse("");
    if (!partitioner.isEmpty() && !partitioner.endsWith("Murmur3Partitioner")) {
      throw new IllegalStateException("Target " + target.name() + " uses " + partitioner
          + "; backfill and verify split the Murmur3 token ring only");
    }
    return target.session().getMetadata().getKeyspace(target.keyspace())
        .flatMap(ks -> ks.getTable(table))
        .orElseThrow(() -> new IllegalStateException("Table " + target.keyspace().asCql(true) + "." + table
            + " does not exist for target " + target.name() + " (or its session has schema metadata turned off)"));
  }

  String describe() {
    return source.name() + ":" + source.keyspace().asCql(true) + "." + table + " -> " + destination.name() + ":"
        + destination.keyspace().asCql(true) + "." + table;
  }
}
