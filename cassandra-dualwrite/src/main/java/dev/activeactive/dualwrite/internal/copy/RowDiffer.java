package dev.activeactive.dualwrite.internal.copy;

import dev.activeactive.dualwrite.api.RowDifference.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares the rows of one token range on both sides and works out the repair: for every cell that differs,
 * the cell that wins by Cassandra's own rule (newer write time; on a tie, the greater value) is copied, with
 * its write time, to the side that lacks it. A cell present on one side only is copied to the other; if that
 * side deleted it later, its tombstone still wins there, as it should.
 */
public final class RowDiffer {
  private RowDiffer() {}

  /**
   * One row that differs.
   *
   * @param columns names of the columns that differ (every column of a missing row)
   * @param toDestination the cells to write to the destination to repair it, or null
   * @param toSource the cells to write to the source to repair it, or null
   */
  public record Difference(RowKey key, Kind kind, List<String> columns, CellsRow toDestination, CellsRow toSource) {}

  public static List<Difference> diff(Map<RowKey, CellsRow> source, Map<RowKey, CellsRow> destination) {
    Set<RowKey> keys = new LinkedHashSet<>(source.keySet());
    keys.addAll(destination.keySet());
    List<Difference> differences = new ArrayList<>();
    for (RowKey key : keys) {
      CellsRow s = source.get(key);
      CellsRow d = destination.get(key);
      if (d == null) {
        differences.add(new Difference(key, Kind.MISSING_IN_DESTINATION, List.copyOf(new TreeSet<>(s.cells().keySet())),
            s, null));
      } else if (s == null) {
        differences.add(new Difference(key, Kind.MISSING_IN_SOURCE, List.copyOf(new TreeSet<>(d.cells().keySet())),
            null, d));
      } else {
        Difference different = compare(key, s, d);
        if (different != null) {
          differences.add(different);
        }
      }
    }
    return differences;
  }

  private static Difference compare(RowKey key, CellsRow source, CellsRow destination) {
    Set<String> columns = new TreeSet<>(source.cells().keySet());
    columns.addAll(destination.cells().keySet());
    List<String> differing = new ArrayList<>();
    Map<String, Cell> toDestination = new LinkedHashMap<>();
    Map<String, Cell> toSource = new LinkedHashMap<>();
    for (String column : columns) {
      Cell s = source.cells().get(column);
      Cell d = destination.cells().get(column);
      if (s != null && d != null && s.sameAs(d)) {
        continue;
      }
      differing.add(column);
      if (d == null || (s != null && s.winsOver(d))) {
        toDestination.put(column, s);
      } else {
        toSource.put(column, d);
      }
    }
    if (differing.isEmpty()) {
      return null;
    }
    return new Difference(key, Kind.DIFFERENT, differing,
        toDestination.isEmpty() ? null : new CellsRow(key, toDestination),
        toSource.isEmpty() ? null : new CellsRow(key, toSource));
  }
}
