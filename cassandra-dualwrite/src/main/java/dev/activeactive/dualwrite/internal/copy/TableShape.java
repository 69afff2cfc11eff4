package dev.activeactive.dualwrite.internal.copy;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.type.CustomType;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.ListType;
import com.datastax.oss.driver.api.core.type.MapType;
import com.datastax.oss.driver.api.core.type.SetType;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The columns of a table that backfill and verify copy, and the CQL they use: a range scan selecting every
 * non-key column with its {@code WRITETIME} and {@code TTL}, and inserts that write cells back with
 * {@code USING TIMESTAMP} and {@code TTL}.
 */
public record TableShape(
    CqlIdentifier table,
    List<Column> partitionKey,
    List<Column> clustering,
    List<Column> regular,
    List<Column> statics) {

  /** A column and its CQL type. */
  public record Column(CqlIdentifier name, DataType type) {
    String cql() {
      return name.asCql(true);
    }
  }

  public TableShape {
    partitionKey = List.copyOf(partitionKey);
    clustering = List.copyOf(clustering);
    regular = List.copyOf(regular);
    statics = List.copyOf(statics);
    if (partitionKey.isEmpty()) {
      throw new IllegalArgumentException("a table has at least one partition key column");
    }
  }

  /**
   * The shape of a table from the driver's schema metadata.
   *
   * @throws IllegalArgumentException for columns whose cells cannot be copied with their write time:
   *     counters, and non-frozen collections and user types (one write time per element)
   */
  public static TableShape of(TableMetadata table) {
    List<Column> regular = new ArrayList<>();
    List<Column> statics = new ArrayList<>();
    List<String> unsupported = new ArrayList<>();
    for (ColumnMetadata column : table.getColumns().values()) {
      if (table.getPartitionKey().contains(column) || table.getClusteringColumns().containsKey(column)) {
        continue;
      }
      if (!copyable(column.getType())) {
        unsupported.add(column.getName().asCql(true) + " " + column.getType().asCql(true, true));
        continue;
      }
      (column.isStatic() ? statics : regular).add(new Column(column.getName(), column.getType()));
    }
    if (!unsupported.isEmpty()) {
      throw new IllegalArgumentException("Table " + table.getKeyspace().asCql(true) + "." + table.getName()
          .asCql(true) + " has columns that cannot be copied cell by cell with their write time: " + unsupported
          + ". Counters and non-frozen collections or user types are not supported; copy such tables with "
          + "another tool (for example sstableloader) or freeze the columns.");
    }
    return new TableShape(table.getName(),
        table.getPartitionKey().stream().map(c -> new Column(c.getName(), c.getType())).toList(),
        table.getClusteringColumns().keySet().stream().map(c -> new Column(c.getName(), c.getType())).toList(),
        regular, statics);
  }

  private static boolean copyable(DataType type) {
    if (DataTypes.COUNTER.equals(type)) {
      return false;
    }
    if (type instanceof ListType list) {
      return list.isFrozen();
    }
    if (type instanceof SetType set) {
      return set.isFrozen();
    }
    if (type instanceof MapType map) {
      return map.isFrozen();
    }
    if (type instanceof UserDefinedType udt) {
      return udt.isFrozen();
    }
    return !(type instanceof CustomType);
  }

  /** Regular then static columns, the order their values, write times and TTLs follow the key in a scan. */
  public List<Column> valueColumns() {
    List<Column> all = new ArrayList<>(regular);
    all.addAll(statics);
    return all;
  }

  /** The range scan: key columns, then per value column its value, write time and TTL. Binds start, end. */
  public String selectRange(CqlIdentifier keyspace) {
    List<String> selectors = new ArrayList<>();
    partitionKey.forEach(c -> selectors.add(c.cql()));
    clustering.forEach(c -> selectors.add(c.cql()));
    for (Column c : valueColumns()) {
      selectors.add(c.cql());
      selectors.add("WRITETIME(" + c.cql() + ")");
      selectors.add("TTL(" + c.cql() + ")");
    }
    String token = "token(" + partitionKey.stream().map(Column::cql).collect(Collectors.joining(", ")) + ")";
    return "SELECT " + String.join(", ", selectors) + " FROM " + qualified(keyspace)
        + " WHERE " + token + " > ? AND " + token + " <= ?";
  }

  /**
   * An insert of the given value columns of one row (or of the static row when {@code isStatic}), binding the
   * key columns, then the values, then the write timestamp and the TTL.
   */
  public String insert(CqlIdentifier keyspace, boolean isStatic, List<String> valueColumns) {
    List<String> columns = new ArrayList<>();
    partitionKey.forEach(c -> columns.add(c.cql()));
    if (!isStatic) {
      clustering.forEach(c -> columns.add(c.cql()));
    }
    valueColumns.forEach(name -> columns.add(CqlIdentifier.fromInternal(name).asCql(true)));
    String markers = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
    return "INSERT INTO " + qualified(keyspace) + " (" + String.join(", ", columns) + ") VALUES (" + markers
        + ") USING TIMESTAMP ? AND TTL ?";
  }

  private String qualified(CqlIdentifier keyspace) {
    return keyspace.asCql(true) + "." + table.asCql(true);
  }
}
