package dev.activeactive.dualwrite.internal.write;

import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Statement;
import dev.activeactive.dualwrite.api.Target;
import dev.activeactive.dualwrite.internal.metrics.DualWriteListener;
import dev.activeactive.dualwrite.internal.metrics.Operation;
import dev.activeactive.dualwrite.internal.session.SafeSessionFactory;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Sends one statement to one target and reports how long it took and how it ended: the single place where
 * requests meet the listener, so timing stays out of the writer's logic.
 */
final class TargetRequests {
  private final StatementRetargeter retargeter;
  private final DualWriteListener listener;

  TargetRequests(StatementRetargeter retargeter, DualWriteListener listener) {
    this.retargeter = retargeter;
    this.listener = listener;
  }

  /** Retargets {@code statement} for {@code target}, then sends it. */
  CompletionStage<AsyncResultSet> execute(Statement<?> statement, Target target, Operation operation) {
    return retargeter.retarget(statement, target).thenCompose(s -> executeRetargeted(s, target, operation));
  }

  /** Sends a statement already built for {@code target}. */
  CompletionStage<AsyncResultSet> executeRetargeted(Statement<?> statement, Target target, Operation operation) {
    long start = System.nanoTime();
    return target.session().executeAsync(statement).whenComplete((rs, error) ->
        listener.onRequest(target, operation, System.nanoTime() - start, unwrap(error)));
  }

  ResultSet executeSync(Statement<?> statement, Target target) {
    Statement<?> retargeted = SafeSessionFactory.await(retargeter.retarget(statement, target));
    long start = System.nanoTime();
    try {
      ResultSet result = target.session().execute(retargeted);
      listener.onRequest(target, Operation.READ, System.nanoTime() - start, null);
      return result;
    } catch (RuntimeException e) {
      listener.onRequest(target, Operation.READ, System.nanoTime() - start, e);
      throw e;
    }
  }

  private static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
