package dev.activeactive.dualwrite.internal.write;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.ColumnDefinition;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import dev.activeactive.dualwrite.api.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a statement written with unqualified table names into the same statement for a given target's
 * keyspace (see {@link dev.activeactive.dualwrite.api.DualWriter} for the rules). Prepared statements are
 * prepared once per target and query, and kept.
 */
public final class StatementRetargeter {
  private final Map<PreparedKey, CompletableFuture<PreparedStatement>> prepared = new ConcurrentHashMap<>();

  private record PreparedKey(String target, String query) {}

  /** The statement to send to {@code target}; fails with {@link IllegalArgumentException} on misuse. */
  public CompletionStage<Statement<?>> retarget(Statement<?> statement, Target target) {
    if (statement instanceof SimpleStatement simple) {
      try {
        return CompletableFuture.completedFuture(retargetSimple(simple, target));
      } catch (IllegalArgumentException misuse) {
        return CompletableFuture.failedFuture(misuse);
      }
    }
    if (statement instanceof BoundStatement bound) {
      return retargetBound(bound, target).thenApply(b -> b);
    }
    if (statement instanceof BatchStatement batch) {
      return retargetBatch(batch, target).thenApply(b -> b);
    }
    return CompletableFuture.failedFuture(new IllegalArgumentException("A dual writer sends SimpleStatement, "
        + "BoundStatement and BatchStatement; got " + statement.getClass().getName()));
  }

  /**
   * The query prepared for {@code target}, from the cache or prepared now. A failed preparation is not kept,
   * so the next call tries again.
   */
  public CompletionStage<PreparedStatement> prepare(String query, Target target) {
    PreparedKey key = new PreparedKey(target.name(), query);
    CompletableFuture<PreparedStatement> existing = prepared.get(key);
    if (existing != null && !existing.isCompletedExceptionally()) {
      return existing;
    }
    CompletableFuture<PreparedStatement> fresh = new CompletableFuture<>();
    CompletableFuture<PreparedStatement> raced = prepared.merge(key, fresh,
        (old, candidate) -> old.isCompletedExceptionally() ? candidate : old);
    if (raced != fresh) {
      return raced;
    }
    SimpleStatement toPrepare;
    try {
      toPrepare = (SimpleStatement) inKeyspace(SimpleStatement.newInstance(query), target);
    } catch (IllegalArgumentException misuse) {
      prepared.remove(key, fresh);
      fresh.completeExceptionally(misuse);
      return fresh;
    }
    target.session().prepareAsync(toPrepare).whenComplete((statement, error) -> {
      if (error != null) {
        prepared.remove(key, fresh);
        fresh.completeExceptionally(error);
        return;
      }
      try {
        checkKeyspace(statement, target);
        fresh.complete(statement);
      } catch (IllegalArgumentException misuse) {
        prepared.remove(key, fresh);
        fresh.completeExceptionally(misuse);
      }
    });
    return fresh;
  }

  private SimpleStatement retargetSimple(SimpleStatement simple, Target target) {
    return (SimpleStatement) inKeyspace(simple, target);
  }

  /**
   * Sends unqualified names to the target keyspace: through the session's own keyspace when it is the
   * target's, otherwise through the per-request keyspace of protocol v5.
   */
  private static Statement<?> inKeyspace(SimpleStatement simple, Target target) {
    CqlSession session = target.session();
    if (session.getKeyspace().equals(Optional.of(target.keyspace()))) {
      return simple.getKeyspace() == null ? simple : simple.setKeyspace((CqlIdentifier) null);
    }
    if (session.getContext().getProtocolVersion().getCode() < 5) {
      throw new IllegalArgumentException("Cannot send a SimpleStatement to keyspace "
          + target.keyspace().asCql(true) + " of target " + target.name() + ": the connection uses native "
          + "protocol " + session.getContext().getProtocolVersion() + ", and per-request keyspaces need v5 "
          + "(Cassandra 4.0+). Give this target a session built with that keyspace instead.");
    }
    return simple.setKeyspace(target.keyspace());
  }

  private static BatchStatement inKeyspace(BatchStatement batch, Target target) {
    CqlSession session = target.session();
    if (session.getKeyspace().equals(Optional.of(target.keyspace()))) {
      return batch.getKeyspace() == null ? batch : batch.setKeyspace((CqlIdentifier) null);
    }
    if (session.getContext().getProtocolVersion().getCode() < 5) {
      throw new IllegalArgumentException("Cannot send a batch to keyspace " + target.keyspace().asCql(true)
          + " of target " + target.name() + " over native protocol " + session.getContext().getProtocolVersion()
          + "; give this target a session built with that keyspace.");
    }
    return batch.setKeyspace(target.keyspace());
  }

  private CompletionStage<BoundStatement> retargetBound(BoundStatement bound, Target target) {
    return prepare(bound.getPreparedStatement().getQuery(), target).thenApply(forTarget -> {
      if (forTarget == bound.getPreparedStatement()) {
        return bound; // the user prepared it on this target already
      }
      BoundStatement copy = forTarget.bind();
      for (int i = 0; i < bound.size(); i++) {
        if (bound.isSet(i)) {
          copy = copy.setBytesUnsafe(i, bound.getBytesUnsafe(i));
        }
      }
      return StatementSettings.copy(bound, copy);
    });
  }

  private CompletionStage<BatchStatement> retargetBatch(BatchStatement batch, Target target) {
    List<CompletableFuture<BatchableStatement<?>>> children = new ArrayList<>();
    for (BatchableStatement<?> child : batch) {
      if (child instanceof SimpleStatement simple) {
        // a batch has one keyspace for all its simple children: the batch's own, set below
        children.add(CompletableFuture.completedFuture(simple.getKeyspace() == null
            ? simple : simple.setKeyspace((CqlIdentifier) null)));
      } else if (child instanceof BoundStatement bound) {
        children.add(retargetBound(bound, target).toCompletableFuture().thenApply(b -> b));
      } else {
        return CompletableFuture.failedFuture(new IllegalArgumentException(
            "Unsupported batch child " + child.getClass().getName()));
      }
    }
    return CompletableFuture.allOf(children.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
      BatchStatement copy = inKeyspace(batch.clear(), target); // may throw: fails the returned stage
      for (CompletableFuture<BatchableStatement<?>> child : children) {
        copy = copy.add(child.join());
      }
      return copy;
    });
  }

  /** A query whose CQL names another keyspace would silently write the wrong place: refuse it. */
  private static void checkKeyspace(PreparedStatement statement, Target target) {
    for (ColumnDefinition variable : statement.getVariableDefinitions()) {
      if (!variable.getKeyspace().equals(target.keyspace())) {
        throw new IllegalArgumentException("The query \"" + statement.getQuery() + "\" writes keyspace "
            + variable.getKeyspace().asCql(true) + ", but target " + target.name() + " is keyspace "
            + target.keyspace().asCql(true) + ". Write table names without a keyspace; the dual writer "
            + "chooses the keyspace per target.");
      }
    }
  }
}
