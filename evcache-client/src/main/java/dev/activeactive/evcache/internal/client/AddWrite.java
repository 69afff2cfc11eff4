package dev.activeactive.evcache.internal.client;

import dev.activeactive.evcache.api.ValueCodec;
import dev.activeactive.evcache.internal.publish.Publisher.Reservation;
import dev.activeactive.protocol.api.apply.CurrentItem;
import dev.activeactive.protocol.api.version.Version;
import dev.activeactive.protocol.api.wire.Envelope;
import dev.activeactive.protocol.api.wire.EnvelopeCodec;
import dev.activeactive.protocol.api.wire.Operation;
import dev.activeactive.protocol.api.zone.CasStore;
import dev.activeactive.protocol.api.zone.ZoneStore;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A dataset's {@code add}: store only where the key is absent (or holds an older tombstone), in every zone; it is
 * published once every zone has answered, if any zone stored it (or may have).
 *
 * @param <V> the value type
 */
final class AddWrite<V> {

  private final ClientCore core;
  private final DatasetRuntime ds;
  private final ValueCodec<V> codec;
  private final NearCoordination near;
  private final WritePublication publication;

  AddWrite(ClientCore core, DatasetRuntime ds, ValueCodec<V> codec, NearCoordination near,
      WritePublication publication) {
    this.core = core;
    this.ds = ds;
    this.codec = codec;
    this.near = near;
    this.publication = publication;
  }

  CompletableFuture<Boolean> add(String key, V value, Duration ttl) {
    Objects.requireNonNull(value, "value");
    long ttlSeconds = ds.ttlSeconds(ttl);
    core.checkOpen();
    String mkey = ds.keys.memcachedKey(key);
    byte[] payload = Objects.requireNonNull(codec.encode(value), "codec returned null");
    int flags = codec.flags(value);
    core.checkItemSize(ds.name, mkey, payload.length);
    Version version = core.clock.next();
    Operation local = Operation.replicate(mkey, version, core.absoluteExpiry(ttlSeconds), flags, payload);
    Operation remote = publication.remoteOf(local);
    return publication.reserveAsync(remote).thenCompose(reservation ->
        addReserved(key, value, mkey, version, payload, flags, ttlSeconds, remote, reservation));
  }

  private CompletableFuture<Boolean> addReserved(String key, V value, String mkey, Version version, byte[] payload,
      int flags, long ttlSeconds, Operation remote, Reservation reservation) {
    byte[] item = EnvelopeCodec.encode(Envelope.value(version, flags, payload));
    int expiry = core.memcachedExpiry(ttlSeconds);
    ZoneGroup.ZoneWrite<Boolean> write = core.zones.write(ds.name, CacheOperation.ADD,
        zone -> addIn(zone.store(), mkey, version, item, expiry, 1));
    // decide once every zone has answered: a zone that stored the value late must not stay unpublished
    write.settled().thenAccept(all -> {
      List<Throwable> failures = write.failures().join();
      if (write.completed().isCompletedExceptionally()) {
        publication.afterFailure(reservation, remote, all, failures);
      } else if (all.contains(Boolean.TRUE)) {
        reservation.publish();
      } else if (remote != null && WritePublication.anyAmbiguous(failures)) {
        publication.publishInvalidation(reservation, remote);
      } else {
        reservation.release();
      }
    });
    return write.completed().handle((results, error) -> {
      if (error != null) {
        near.unknown(key);
        throw ClientCore.unwrap(error);
      }
      boolean stored = results.contains(Boolean.TRUE);
      if (stored) {
        near.seen(key, version, value, codec, payload, flags);
      } else {
        near.unknown(key);
      }
      return stored;
    });
  }

  /**
   * {@code add} in one zone: store if the key is absent, or holds a tombstone older than this write (a CAS over
   * it). A value (ours or another client's) or a newer tombstone wins.
   */
  private CompletableFuture<Boolean> addIn(ZoneStore store, String mkey, Version version, byte[] item, int expiry,
      int attempt) {
    core.own.forget(store.name(), mkey); // the add changes the item (or finds it changed): its id is unknown
    return store.gets(mkey).thenCompose(current -> {
      if (current == null) {
        return store.add(mkey, expiry, item).thenCompose(added -> added ? CompletableFuture.completedFuture(true)
            : retry(store, mkey, version, item, expiry, attempt));
      }
      CurrentItem stored = CurrentItem.of(current.bytes());
      if (!(stored instanceof CurrentItem.Enveloped enveloped) || !enveloped.envelope().isTombstone()) {
        return CompletableFuture.completedFuture(false);
      }
      Version tombstone = enveloped.envelope().version();
      if (!version.isNewerThan(tombstone)) {
        core.clock.observe(tombstone); // a retried add will order after the delete
        return CompletableFuture.completedFuture(false);
      }
      return store.cas(mkey, current.cas(), expiry, item).thenCompose(outcome ->
          outcome == CasStore.CasOutcome.STORED ? CompletableFuture.completedFuture(true)
              : retry(store, mkey, version, item, expiry, attempt));
    });
  }

  private CompletableFuture<Boolean> retry(ZoneStore store, String mkey, Version version, byte[] item, int expiry,
      int attempt) {
    if (attempt >= core.casAttempts) {
      return CompletableFuture.failedFuture(new NothingWrittenException("add on dataset '" + ds.name
          + "' gave up on a contended key after " + attempt + " attempts"));
    }
    return addIn(store, mkey, version, item, expiry, attempt + 1);
  }
}
