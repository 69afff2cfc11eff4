package dev.activeactive.dualwrite.internal.write;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import dev.activeactive.dualwrite.api.Target;
import dev.activeactive.dualwrite.internal.log.FailedWrite;
import dev.activeactive.dualwrite.internal.log.RecordedStatement;
import dev.activeactive.dualwrite.internal.log.RecordedValue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Rebuilds the statement of a recorded write for its target: each query prepared in the target keyspace,
 * the recorded bytes bound unchanged, the original write timestamp, marked idempotent (a replay with the same
 * timestamp changes nothing the second time).
 */
final class FailedWriteStatements {
  private final StatementRetargeter retargeter;

  FailedWriteStatements(StatementRetargeter retargeter) {
    this.retargeter = retargeter;
  }

  CompletionStage<Statement<?>> rebuild(FailedWrite write, Target target) {
    if (!target.keyspace().asCql(true).equals(write.keyspace())) {
      return CompletableFuture.failedFuture(new IllegalStateException("A failed write for target " + target.name()
          + " was recorded for keyspace " + write.keyspace() + ", but the target is now keyspace "
          + target.keyspace().asCql(true) + "; replay the log with the target configured as when it was written"));
    }
    List<CompletableFuture<BoundStatement>> parts = new ArrayList<>();
    for (RecordedStatement recorded : write.statements()) {
      parts.add(retargeter.prepare(recorded.cql(), target).toCompletableFuture()
          .thenApply(prepared -> bind(prepared, recorded)));
    }
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
      Statement<?> statement;
      if (write.batchType() == null) {
        statement = parts.get(0).join();
      } else {
        List<BatchableStatement<?>> children = new ArrayList<>();
        parts.forEach(p -> children.add(p.join()));
        statement = BatchStatement.newInstance(DefaultBatchType.valueOf(write.batchType()), children);
      }
      statement = statement.setQueryTimestamp(write.writeTimestamp()).setIdempotent(true);
      if (write.consistency() != null) {
        statement = statement.setConsistencyLevel(DefaultConsistencyLevel.valueOf(write.consistency()));
      }
      return statement;
    });
  }

  private static BoundStatement bind(PreparedStatement prepared, RecordedStatement recorded) {
    BoundStatement bound = prepared.bind();
    List<RecordedValue> values = recorded.values();
    for (int i = 0; i < values.size(); i++) {
      RecordedValue value = values.get(i);
      if (value.unset()) {
        continue;
      }
      bound = value.name() == null
          ? bound.setBytesUnsafe(i, value.bytes())
          : bound.setBytesUnsafe(CqlIdentifier.fromCql(value.name()), value.bytes());
    }
    return bound;
  }
}
