package dev.activeactive.evcache.internal.client;

import dev.activeactive.evcache.api.EVCacheException;
import dev.activeactive.evcache.api.LocalWriteMode;
import dev.activeactive.evcache.api.WriteResult;
import dev.activeactive.protocol.api.apply.ApplyResult;
import dev.activeactive.protocol.api.wire.Envelope;
import dev.activeactive.protocol.api.wire.EnvelopeCodec;
import dev.activeactive.protocol.api.wire.Operation;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * How a dataset's {@code set} writes a value into the zones, one per {@link LocalWriteMode}. The caller turns the
 * zones' results into a {@link WriteResult} ({@code then}); a strategy decides how the zones are written and when.
 */
interface SetStrategy {

  /**
   * Writes {@code local} (a REPLICATE of the value at its version) into every zone.
   *
   * @param expiry memcached's expiry argument for the item
   * @param then what to make of the zones' write, once it has started
   * @param onSkipped called instead when the write never runs (a newer write of the key superseded it)
   */
  CompletableFuture<WriteResult> write(Operation local, int expiry,
      Function<ZoneGroup.ZoneWrite<ApplyResult>, CompletableFuture<WriteResult>> then, Runnable onSkipped);

  /** The strategy of a dataset. */
  static SetStrategy of(ClientCore core, DatasetRuntime ds) {
    return ds.conditional ? new Conditional(core, ds) : new Unconditional(core, ds);
  }

  /**
   * {@link LocalWriteMode#CONDITIONAL}: in each zone the value is stored only if newer than what the zone holds
   * (read, decide, compare-and-swap); one such write per key in flight from this client.
   */
  final class Conditional implements SetStrategy {
    private final ClientCore core;
    private final DatasetRuntime ds;

    Conditional(ClientCore core, DatasetRuntime ds) {
      this.core = core;
      this.ds = ds;
    }

    @Override
    public CompletableFuture<WriteResult> write(Operation local, int expiry,
        Function<ZoneGroup.ZoneWrite<ApplyResult>, CompletableFuture<WriteResult>> then, Runnable onSkipped) {
      return core.lanes.run(local.key(), local.version().timestampMicros(), () -> then.apply(
          core.zones.write(ds.name, CacheOperation.SET,
              zone -> Settled.of(core, ds, core.conditional.apply(zone.store(), local, ds.applyRules)))),
          onSkipped);
    }
  }

  /** {@link LocalWriteMode#UNCONDITIONAL}: a plain {@code set} in each zone, last writer wins. */
  final class Unconditional implements SetStrategy {
    private final ClientCore core;
    private final DatasetRuntime ds;

    Unconditional(ClientCore core, DatasetRuntime ds) {
      this.core = core;
      this.ds = ds;
    }

    @Override
    public CompletableFuture<WriteResult> write(Operation local, int expiry,
        Function<ZoneGroup.ZoneWrite<ApplyResult>, CompletableFuture<WriteResult>> then, Runnable onSkipped) {
      byte[] item = EnvelopeCodec.encode(Envelope.value(local.version(), local.flags(), local.value()));
      return then.apply(core.zones.write(ds.name, CacheOperation.SET,
          zone -> zone.store().set(local.key(), expiry, item).thenApply(stored -> {
            if (!stored) {
              throw new EVCacheException("memcached did not store the item");
            }
            return ApplyResult.STORED_VALUE;
          })));
    }
  }
}
