package dev.activeactive.dualwrite.internal.copy;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import dev.activeactive.dualwrite.api.Target;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes cells with their own write time and remaining TTL ({@code USING TIMESTAMP ? AND TTL ?}), so a copy
 * never overwrites a newer write and expires when the original does (to the second). Cells of a row that share
 * a write time and TTL go in one insert.
 */
final class CellWriter {
  /**
   * The write time given to a row that has no cell to take one from (only its primary key): the smallest
   * positive one, so that any real write or delete of that row wins over the copy.
   */
  static final long KEY_ONLY_ROW_TIMESTAMP = 1L;

  private final TableShape shape;
  private final Duration timeout;
  private final Map<String, CompletableFuture<PreparedStatement>> prepared = new ConcurrentHashMap<>();

  private record Group(long writetime, int ttl) {}

  CellWriter(TableShape shape, Duration timeout) {
    this.shape = shape;
    this.timeout = timeout;
  }

  /** Writes every cell of {@code row} to {@code target}; completes with the number of inserts sent. */
  CompletionStage<Integer> write(Target target, CellsRow row) {
    Map<Group, Map<String, Cell>> groups = new LinkedHashMap<>();
    row.cells().forEach((column, cell) ->
        groups.computeIfAbsent(new Group(cell.writetime(), cell.ttl()), g -> new LinkedHashMap<>()).put(column, cell));
    if (groups.isEmpty()) {
      if (row.key().isStatic()) {
        return CompletableFuture.completedFuture(0);
      }
      groups.put(new Group(KEY_ONLY_ROW_TIMESTAMP, 0), Map.of());
    }
    List<CompletableFuture<?>> inserts = new ArrayList<>(groups.size());
    groups.forEach((group, cells) -> inserts.add(insert(target, row.key(), group, cells)));
    return CompletableFuture.allOf(inserts.toArray(CompletableFuture[]::new)).thenApply(ignored -> inserts.size());
  }

  private CompletableFuture<?> insert(Target target, RowKey key, Group group, Map<String, Cell> cells) {
    List<String> columns = new ArrayList<>(cells.keySet());
    String cql = shape.insert(target.keyspace(), key.isStatic(), columns);
    return prepare(target, cql).thenCompose(statement -> {
      BoundStatement bound = statement.bind();
      int i = 0;
      for (ByteBuffer value : key.partition()) {
        bound = bound.setBytesUnsafe(i++, value);
      }
      for (ByteBuffer value : key.clustering()) {
        bound = bound.setBytesUnsafe(i++, value);
      }
      for (String column : columns) {
        bound = bound.setBytesUnsafe(i++, cells.get(column).value());
      }
      bound = bound.setLong(i++, group.writetime()).setInt(i, group.ttl()).setIdempotent(true);
      if (timeout != null) {
        bound = bound.setTimeout(timeout);
      }
      return target.session().executeAsync(bound);
    });
  }

  private CompletableFuture<PreparedStatement> prepare(Target target, String cql) {
    String key = target.name() + "\u0000" + cql;
    CompletableFuture<PreparedStatement> existing = prepared.get(key);
    if (existing != null && !existing.isCompletedExceptionally()) {
      return existing;
    }
    CompletableFuture<PreparedStatement> fresh = target.session().prepareAsync(cql).toCompletableFuture();
    prepared.put(key, fresh);
    return fresh;
  }
}
