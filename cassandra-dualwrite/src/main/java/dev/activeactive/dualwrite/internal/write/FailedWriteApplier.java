package dev.activeactive.dualwrite.internal.write;

import dev.activeactive.dualwrite.api.Target;
import dev.activeactive.dualwrite.internal.log.FailedWrite;
import java.util.concurrent.CompletionStage;

/**
 * Applies one recorded write to a target outside a writer (the {@code replay} command): the statement is
 * rebuilt exactly as a writer's replay rebuilds it (recorded bytes, original timestamp and "now", idempotent).
 */
public final class FailedWriteApplier {
  private final FailedWriteStatements statements = new FailedWriteStatements(new StatementRetargeter());

  public CompletionStage<Void> apply(FailedWrite write, Target target) {
    return statements.rebuild(write, target)
        .thenCompose(statement -> target.session().executeAsync(statement))
        .thenApply(rs -> null);
  }
}
