package dev.activeactive.dualwrite.internal.log;

import java.util.List;
import java.util.Objects;

/**
 * One statement of a recorded write: its CQL, with unqualified table names, and its bound values.
 *
 * @param cql the query text as the user wrote it
 * @param values the values in bind-marker order (positional) or with their names (named)
 */
public record RecordedStatement(String cql, List<RecordedValue> values) {
  public RecordedStatement {
    Objects.requireNonNull(cql, "cql");
    values = List.copyOf(values);
  }

  /** Whether the values are bound by name rather than by position. */
  public boolean named() {
    return !values.isEmpty() && values.get(0).name() != null;
  }
}
