package dev.activeactive.relay.internal;

import dev.activeactive.protocol.api.wire.Operation;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Applies operations to one zone's memcached, conditionally on versions. */
interface ZoneApplier extends AutoCloseable {

  String zone();

  /**
   * Applies every operation in this zone; completes once all are settled (applied, or superseded by something at
   * least as new), fails when the zone fails or a key stays contended.
   */
  CompletableFuture<Void> applyAll(List<Operation> operations);

  /** Whether every server of the zone answered its last health probe (and the zone is not being flushed). */
  boolean isReachable();

  /**
   * Probes the zone once (blocking, up to the memcached timeout; called from the relay's probe thread) and
   * updates {@link #isReachable()}.
   */
  default void probe() {}

  @Override
  void close();
}
