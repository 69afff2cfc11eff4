package dev.activeactive.dualwrite.internal.copy;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.activeactive.dualwrite.api.Target;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Reads the rows of one token range of a table, with every cell's write time and TTL, page by page. A
 * partition's static cells come out once, as its static row, before its regular rows.
 */
final class RangeScanner {
  private final TableShape shape;
  private final int pageSize;
  private final Duration timeout;
  private final Map<String, PreparedStatement> prepared = new ConcurrentHashMap<>();

  RangeScanner(TableShape shape, int pageSize, Duration timeout) {
    this.shape = shape;
    this.pageSize = pageSize;
    this.timeout = timeout;
  }

  /** Streams the range's rows of {@code side} to {@code sink}, in token order; returns how many were read. */
  long scan(Target side, TokenRange range, Consumer<CellsRow> sink) {
    PreparedStatement select = prepared.computeIfAbsent(side.name(),
        name -> side.session().prepare(shape.selectRange(side.keyspace())));
    BoundStatement statement = select.bind(range.start(), range.end())
        .setPageSize(pageSize)
        .setIdempotent(true);
    if (timeout != null) {
      statement = statement.setTimeout(timeout);
    }
    int keyColumns = shape.partitionKey().size() + shape.clustering().size();
    List<TableShape.Column> values = shape.valueColumns();
    int regularCount = shape.regular().size();
    List<ByteBuffer> lastPartition = null;
    long rows = 0;
    for (Row row : side.session().execute(statement)) {
      List<ByteBuffer> partition = bytes(row, 0, shape.partitionKey().size());
      List<ByteBuffer> clustering = bytes(row, shape.partitionKey().size(), keyColumns);
      Map<String, Cell> regular = new LinkedHashMap<>();
      Map<String, Cell> statics = new LinkedHashMap<>();
      for (int v = 0; v < values.size(); v++) {
        int at = keyColumns + 3 * v;
        ByteBuffer value = row.getBytesUnsafe(at);
        if (value == null) {
          continue;
        }
        Cell cell = new Cell(value, row.getLong(at + 1), row.isNull(at + 2) ? 0 : row.getInt(at + 2));
        (v < regularCount ? regular : statics).put(values.get(v).name().asInternal(), cell);
      }
      if (!statics.isEmpty() && !partition.equals(lastPartition)) {
        sink.accept(new CellsRow(RowKey.staticRow(partition), statics));
        rows++;
      }
      lastPartition = partition;
      // a partition with static cells but no rows comes back as one row with null clustering columns
      if (!clustering.contains(null)) {
        sink.accept(new CellsRow(RowKey.regular(partition, clustering), regular));
        rows++;
      }
    }
    return rows;
  }

  private static List<ByteBuffer> bytes(Row row, int from, int to) {
    List<ByteBuffer> out = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      out.add(row.getBytesUnsafe(i));
    }
    return out;
  }
}
