package dev.activeactive.dualwrite.internal.write;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.ColumnDefinition;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.type.DataTypes;
import dev.activeactive.dualwrite.api.Target;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells counter updates apart: they add to a value instead of setting it, so replaying one with the same
 * timestamp counts it twice. A write counts as one when it is a counter batch, binds a counter variable, or
 * updates a table that either target's schema metadata shows to have counter columns.
 */
final class CounterWrites {
  /** The table an UPDATE names: an identifier, plain or quoted (statements here carry no keyspace). */
  private static final Pattern UPDATE_TABLE =
      Pattern.compile("^\\s*UPDATE\\s+(\"(?:[^\"]|\"\")+\"|[A-Za-z0-9_]+)", Pattern.CASE_INSENSITIVE);

  private CounterWrites() {}

  static boolean isCounterUpdate(Statement<?> statement, Target... targets) {
    if (statement instanceof BatchStatement batch) {
      if (batch.getBatchType().getProtocolCode() == DefaultBatchType.COUNTER.getProtocolCode()) {
        return true;
      }
      for (BatchableStatement<?> child : batch) {
        if (isCounterUpdate(child, targets)) {
          return true;
        }
      }
      return false;
    }
    String cql;
    if (statement instanceof BoundStatement bound) {
      for (ColumnDefinition variable : bound.getPreparedStatement().getVariableDefinitions()) {
        if (variable.getType().equals(DataTypes.COUNTER)) {
          return true;
        }
      }
      cql = bound.getPreparedStatement().getQuery();
    } else if (statement instanceof SimpleStatement simple) {
      cql = simple.getQuery();
    } else {
      return false;
    }
    Matcher update = UPDATE_TABLE.matcher(cql);
    if (!update.find()) {
      return false;
    }
    CqlIdentifier table = CqlIdentifier.fromCql(update.group(1));
    for (Target target : targets) {
      if (hasCounterColumns(target, table)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasCounterColumns(Target target, CqlIdentifier table) {
    try {
      return target.session().getMetadata().getKeyspace(target.keyspace())
          .flatMap(keyspace -> keyspace.getTable(table))
          .map(t -> t.getColumns().values().stream().map(ColumnMetadata::getType).anyMatch(DataTypes.COUNTER::equals))
          .orElse(false);
    } catch (UnsupportedOperationException e) {
      return false; // a session without schema metadata (tests' fake sessions)
    }
  }
}
