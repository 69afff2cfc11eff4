package dev.activeactive.relay.internal;

import dev.activeactive.evcache.internal.apply.ApplyResult;
import dev.activeactive.evcache.internal.apply.DatasetApplyRules;
import dev.activeactive.evcache.internal.apply.MemcachedApplier;
import dev.activeactive.evcache.internal.memcached.CommandDeadlines;
import dev.activeactive.evcache.internal.memcached.RawBytesTranscoder;
import dev.activeactive.evcache.internal.memcached.SpyCasStore;
import dev.activeactive.evcache.internal.version.MicrosClock;
import dev.activeactive.evcache.internal.wire.Operation;
import dev.activeactive.relay.api.DatasetRules;
import dev.activeactive.relay.api.RelayConfig;
import dev.activeactive.relay.api.ZoneConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.spy.memcached.AddrUtil;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.DefaultHashAlgorithm;
import net.spy.memcached.FailureMode;
import net.spy.memcached.MemcachedClient;

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
  private final MemcachedClient client;
  private final CommandDeadlines deadlines;
  private final MemcachedApplier applier;
  private final InFlightLimiter limiter = new InFlightLimiter(MAX_BATCHES_IN_FLIGHT);

  MemcachedZoneApplier(ZoneConfig zone, RelayConfig config) {
    this.zone = zone;
    try {
      this.client = new MemcachedClient(new ConnectionFactoryBuilder()
          .setProtocol(ConnectionFactoryBuilder.Protocol.TEXT)
          .setLocatorType(ConnectionFactoryBuilder.Locator.CONSISTENT)
          .setHashAlg(DefaultHashAlgorithm.KETAMA_HASH)
          // a down server fails its operations at once, so the message is retried instead of waiting
          .setFailureMode(FailureMode.Cancel)
          .setOpTimeout(config.memcachedTimeout().toMillis())
          .setDaemon(true)
          .build(), AddrUtil.getAddresses(zone.servers()));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a memcached client for zone " + zone.name(), e);
    }
    RawBytesTranscoder transcoder = new RawBytesTranscoder();
    this.deadlines = new CommandDeadlines(config.memcachedTimeout());
    this.applier = new MemcachedApplier(new SpyCasStore(client, transcoder, deadlines),
        dataset -> toApplyRules(config.rulesFor(dataset)), MicrosClock.system(), MAX_CAS_ATTEMPTS);
  }

  private static DatasetApplyRules toApplyRules(DatasetRules rules) {
    return new DatasetApplyRules((int) rules.tombstoneTtl().toSeconds(), rules.plainDelete());
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
        if (!batch.join().stream().allMatch(ApplyResult::isSettled)) {
          throw new IllegalStateException("a key kept changing in zone " + zone.name()
              + "; the message will be retried after its visibility timeout");
        }
      }
    });
  }

  @Override
  public boolean isReachable() {
    return client.getAvailableServers().size() == zone.servers().size();
  }

  @Override
  public void close() {
    client.shutdown(2, TimeUnit.SECONDS);
    deadlines.close();
  }
}
