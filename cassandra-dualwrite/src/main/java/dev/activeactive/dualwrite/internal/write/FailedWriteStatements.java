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
import com.datastax.oss.driver.internal.core.DefaultProtocolFeature;
import com.datastax.oss.driver.internal.core.context.InternalDriverContext;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Rebuilds the statement of a recorded write for its target: each query prepared in the target keyspace,
 * the recorded bytes bound unchanged, the original write timestamp and the original "now" (so TTLs count from
 * the original write), marked idempotent (a replay with the same timestamp changes nothing the second time).
 */
final class FailedWriteStatements {
  private static final Logger log = LoggerFactory.getLogger(FailedWriteStatements.class);
  private final StatementRetargeter retargeter;
  private final Set<String> warnedNoNowInSeconds = ConcurrentHashMap.newKeySet();

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
      if (supportsNowInSeconds(target)) {
        statement = statement.setNowInSeconds(write.nowInSeconds());
      } else {
        warnTtlsRestart(target);
      }
      if (write.consistency() != null) {
        statement = statement.setConsistencyLevel(DefaultConsistencyLevel.valueOf(write.consistency()));
      }
      return statement;
    });
  }

  private static boolean supportsNowInSeconds(Target target) {
    if (target.session().getContext() instanceof InternalDriverContext context) {
      return context.getProtocolVersionRegistry().supports(context.getProtocolVersion(),
          DefaultProtocolFeature.NOW_IN_SECONDS);
    }
    return target.session().getContext().getProtocolVersion().getCode() >= 5;
  }

  private void warnTtlsRestart(Target target) {
    if (warnedNoNowInSeconds.add(target.name())) {
      log.warn("Target {} speaks protocol {}, which cannot carry a write's original time (now_in_seconds, "
          + "protocol v5, Cassandra 4.0+): replayed cells with a TTL live that long from the replay, longer "
          + "than their originals", target.name(), target.session().getContext().getProtocolVersion());
    }
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
