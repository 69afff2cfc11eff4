package dev.activeactive.relay.internal;

import dev.activeactive.protocol.api.apply.ApplyResult;
import dev.activeactive.protocol.api.apply.MemcachedApplier;
import dev.activeactive.protocol.api.version.MicrosClock;
import dev.activeactive.protocol.api.wire.Operation;
import dev.activeactive.protocol.api.zone.InFlightLimit;
import dev.activeactive.protocol.api.zone.RawBytesTranscoder;
import dev.activeactive.protocol.api.zone.SpyZoneStore;
import dev.activeactive.relay.api.RelayConfig;
import dev.activeactive.relay.api.ZoneConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A zone reached through spymemcached with ketama hashing, as the client reaches it, applying through the
 * client's own {@link MemcachedApplier}: one implementation of the version rules for both.
 */
final class MemcachedZoneApplier implements ZoneApplier {
  /** A contended key gets this many read-decide-write rounds before the message is retried later. */
  private static final int MAX_CAS_ATTEMPTS = 16;
  /**
   * Operations applied together: one multi-key read for all of them, then one write each. Large enough that the
   * read's cost is shared, small enough that a message of a thousand operations spreads over the zone's permits.
   */
  static final int OPERATIONS_PER_BATCH = 100;
  /**
   * Batches in flight per zone: enough to keep the connection busy, few enough that commands do not wait inside
   * the memcached client until they time out (unbounded, 80,000 queued commands did).
   */
  private static final int MAX_BATCHES_IN_FLIGHT = 8;

  private final ZoneConfig zone;
  private final SpyZoneStore store;
  private final MemcachedApplier applier;
  private final InFlightLimit limiter = new InFlightLimit(MAX_BATCHES_IN_FLIGHT);

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(MemcachedZoneApplier.class);

  private final RelayMetrics metrics;
  private final java.time.Duration timeout;

  MemcachedZoneApplier(ZoneConfig zone, RelayConfig config, RelayMetrics metrics) {
    this.zone = zone;
    this.metrics = metrics;
    this.timeout = config.memcachedTimeout();
    // the client's own zone store: same hashing, fail-fast on a down server (the message is then retried)
    this.store = SpyZoneStore.connect(zone.name(), zone.servers(), RawBytesTranscoder.DEFAULT_MAX_ITEM_BYTES,
        config.memcachedTimeout());
    // each operation carries its dataset's rules, as its publisher is configured
    this.applier = MemcachedApplier.usingOperationRules(store, MicrosClock.system(), MAX_CAS_ATTEMPTS,
        config.maxClockSkew().toSeconds());
  }

  @Override
  public String zone() {
    return zone.name();
  }

  @Override
  public CompletableFuture<Void> applyAll(List<Operation> operations) {
    List<CompletableFuture<List<ApplyResult>>> batches = new ArrayList<>();
    for (int from = 0; from < operations.size(); from += OPERATIONS_PER_BATCH) {
      List<Operation> batch = operations.subList(from, Math.min(operations.size(), from + OPERATIONS_PER_BATCH));
      batches.add(limiter.submit(() -> applier.applyAll(batch)));
    }
    return CompletableFuture.allOf(batches.toArray(CompletableFuture[]::new)).thenRun(() -> {
      for (CompletableFuture<List<ApplyResult>> batch : batches) {
        for (ApplyResult result : batch.join()) {
          if (result == ApplyResult.FUTURE_VERSION || result == ApplyResult.REPLICATE_TOO_OLD) {
            metrics.refused(result.name(), zone.name());
          }
        }
        if (!batch.join().stream().allMatch(ApplyResult::isSettled)) {
          throw new IllegalStateException("a key kept changing in zone " + zone.name()
              + "; the message will be retried after its visibility timeout");
        }
      }
    });
  }

  private final ZoneTrust trust = new ZoneTrust();

  @Override
  public boolean isReachable() {
    return trust.isTrusted();
  }

  /**
   * A zone that stopped answering may have missed operations (this region's clients' writes and deletes, and
   * anything applied elsewhere meanwhile), so when it answers again after an outage it is flushed before it is
   * trusted: it then serves misses, never a value it missed an update for. Messages waited in the queue meanwhile
   * (receiving is paused while a zone is not trusted) and are applied after the flush. One late probe is not an
   * outage ({@link ZoneTrust}).
   */
  @Override
  public void probe() {
    boolean answers;
    try {
      answers = store.allServersAnswer();
    } catch (RuntimeException e) {
      answers = false;
    }
    switch (trust.probed(answers)) {
      case REPORT_NOT_ANSWERING -> log.warn("zone {} does not answer within {}; receiving pauses until it does",
          zone.name(), timeout);
      case FLUSH -> {
        boolean flushed = Boolean.TRUE.equals(store.flushAll().exceptionally(e -> false).join());
        trust.flushed(flushed);
        if (flushed) {
          log.warn("zone {} answers again after an outage; flushed it, since it may have missed operations",
              zone.name());
        }
      }
      case NONE -> { }
    }
  }

  @Override
  public void close() {
    store.close();
  }
}
