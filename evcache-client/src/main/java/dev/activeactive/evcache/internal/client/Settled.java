package dev.activeactive.evcache.internal.client;

import dev.activeactive.protocol.api.apply.ApplyResult;
import java.util.concurrent.CompletableFuture;

/** A conditional apply whose CAS loop gave up counts as a failure of that zone, one that changed nothing. */
final class Settled {

  private Settled() {}

  static CompletableFuture<ApplyResult> of(ClientCore core, DatasetRuntime ds, CompletableFuture<ApplyResult> apply) {
    return apply.thenApply(result -> {
      if (!result.isSettled()) {
        throw new NothingWrittenException("dataset '" + ds.name + "': the key kept changing; gave up after "
            + core.casAttempts + " attempts");
      }
      return result;
    });
  }
}
