package dev.activeactive.evcache.internal.client;

import dev.activeactive.evcache.api.ValueCodec;
import dev.activeactive.evcache.api.WriteOptions;
import dev.activeactive.evcache.api.WriteResult;
import dev.activeactive.evcache.internal.publish.Publisher.Reservation;
import dev.activeactive.protocol.api.apply.ApplyResult;
import dev.activeactive.protocol.api.version.Version;
import dev.activeactive.protocol.api.wire.Operation;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A dataset's {@code set} and {@code delete}: checks, a version, room reserved with the publisher (without
 * blocking), the write in every zone ({@link SetStrategy}; deletes always conditional), then the publish decision
 * ({@link WritePublication}) and the near cache ({@link NearCoordination}) from the outcome.
 *
 * @param <V> the value type
 */
final class ValueWrites<V> {

  private final ClientCore core;
  private final DatasetRuntime ds;
  private final ValueCodec<V> codec;
  private final NearCoordination near;
  private final WritePublication publication;
  private final SetStrategy strategy;

  ValueWrites(ClientCore core, DatasetRuntime ds, ValueCodec<V> codec, NearCoordination near,
      WritePublication publication) {
    this.core = core;
    this.ds = ds;
    this.codec = codec;
    this.near = near;
    this.publication = publication;
    this.strategy = SetStrategy.of(core, ds);
  }

  CompletableFuture<WriteResult> set(String key, V value, Duration ttl, WriteOptions options) {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(options, "options");
    long ttlSeconds = ds.ttlSeconds(ttl);
    core.checkOpen();
    String mkey = ds.keys.memcachedKey(key);
    byte[] payload = Objects.requireNonNull(codec.encode(value), "codec returned null");
    int flags = codec.flags(value);
    core.checkItemSize(ds.name, mkey, payload.length);
    Version version = core.version(options);
    Operation local = Operation.replicate(mkey, version, core.absoluteExpiry(ttlSeconds), flags, payload);
    Operation remote = publication.remoteOf(local);
    int expiry = core.memcachedExpiry(ttlSeconds);
    // never blocks: with BLOCK on a full buffer the write starts once room is reserved (issue 14, finding 5)
    return publication.reserveAsync(remote).thenCompose(reservation -> strategy.write(local, expiry,
        write -> afterSet(key, value, version, payload, flags, local, remote, reservation, write),
        reservation::release));
  }

  private CompletableFuture<WriteResult> afterSet(String key, V value, Version version, byte[] payload, int flags,
      Operation local, Operation remote, Reservation reservation, ZoneGroup.ZoneWrite<ApplyResult> write) {
    return write.completed().handle((results, error) -> {
      if (error != null) {
        afterFailure(key, remote, reservation, write);
        throw ClientCore.unwrap(error);
      }
      reservation.publish();
      repairMissedZones(local, write);
      boolean superseded = results.stream().allMatch(r -> r == ApplyResult.STALE);
      near.setDone(key, superseded, version, value, codec, payload, flags);
      return new WriteResult(version.timestampMicros(), superseded);
    });
  }

  CompletableFuture<WriteResult> delete(String key, WriteOptions options) {
    Objects.requireNonNull(options, "options");
    core.checkOpen();
    String mkey = ds.keys.memcachedKey(key);
    Version version = core.version(options);
    Operation delete = Operation.delete(mkey, version);
    Operation remote = publication.remoteOf(delete);
    return publication.reserveAsync(remote).thenCompose(reservation ->
        core.lanes.run(mkey, version.timestampMicros(), () -> {
          ZoneGroup.ZoneWrite<ApplyResult> write = core.zones.write(ds.name, CacheOperation.DELETE,
              zone -> Settled.of(core, ds, core.conditional.apply(zone.store(), delete, ds.applyRules)));
          return afterDelete(key, version, delete, remote, reservation, write);
        }, reservation::release));
  }

  private CompletableFuture<WriteResult> afterDelete(String key, Version version, Operation delete, Operation remote,
      Reservation reservation, ZoneGroup.ZoneWrite<ApplyResult> write) {
    return write.completed().handle((results, error) -> {
      if (error != null) {
        afterFailure(key, remote, reservation, write);
        throw ClientCore.unwrap(error);
      }
      reservation.publish();
      repairMissedZones(delete, write);
      near.deleted(key, version);
      return new WriteResult(version.timestampMicros(), results.stream().allMatch(r -> r == ApplyResult.STALE));
    });
  }

  /** The write completed: a zone that failed it must not keep serving what it replaced (see ZoneRepairs). */
  private void repairMissedZones(Operation op, ZoneGroup.ZoneWrite<ApplyResult> write) {
    write.failures().thenAccept(failures -> core.repairs.afterCompleted(ds.name, op, failures));
  }

  /** The write failed under the completion policy: decide what to publish once every zone answered. */
  private void afterFailure(String key, Operation remote, Reservation reservation,
      ZoneGroup.ZoneWrite<ApplyResult> write) {
    write.settled().thenAccept(all -> publication.afterFailure(reservation, remote, all, write.failures().join()));
    near.unknown(key);
  }
}
