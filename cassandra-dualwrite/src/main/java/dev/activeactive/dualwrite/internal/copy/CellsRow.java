package dev.activeactive.dualwrite.internal.copy;

import java.util.Map;
import java.util.TreeMap;

/**
 * One row as copied: its key and its live cells by column name. A regular row with no live cell still exists
 * (through its primary key), so it is kept with an empty map.
 */
public record CellsRow(RowKey key, Map<String, Cell> cells) {
  public CellsRow {
    cells = Map.copyOf(new TreeMap<>(cells));
  }
}
