package dev.activeactive.dualwrite.api;

import java.util.List;

/**
 * A row that differs between the two sides of a {@link Verify}.
 *
 * @param key the row's primary key as CQL literals, for example {@code id=42, day='2024-01-01'}; a static row
 *     shows its partition key followed by {@code [static]}
 * @param kind how it differs
 * @param columns the columns whose cells differ (for a missing row: its columns that hold a value)
 */
public record RowDifference(String key, Kind kind, List<String> columns) {
  /** Built by a verify run; the column list is copied, so a report does not change once returned. */
  public RowDifference {
    columns = List.copyOf(columns);
  }

  /** How a row differs. */
  public enum Kind {
    /** The source has the row, the destination does not. */
    MISSING_IN_DESTINATION,
    /** The destination has the row, the source does not. */
    MISSING_IN_SOURCE,
    /** Both have the row, but some cells differ in value or write time. */
    DIFFERENT
  }
}
