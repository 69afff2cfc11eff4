package dev.activeactive.relay.internal;

import dev.activeactive.evcache.internal.apply.ApplyResult;
import dev.activeactive.evcache.internal.wire.Operation;
import java.util.concurrent.CompletableFuture;

/** Applies operations to one zone's memcached, conditionally on versions. */
interface ZoneApplier extends AutoCloseable {

  String zone();

  /** The outcome in this zone; fails when the zone fails. */
  CompletableFuture<ApplyResult> apply(Operation operation);

  /** Whether every server of the zone answers now. */
  boolean isReachable();

  @Override
  void close();
}
