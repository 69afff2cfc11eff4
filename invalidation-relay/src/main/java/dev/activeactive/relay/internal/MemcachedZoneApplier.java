package dev.activeactive.relay.internal;

import dev.activeactive.evcache.internal.apply.ApplyResult;
import dev.activeactive.evcache.internal.apply.DatasetApplyRules;
import dev.activeactive.evcache.internal.apply.MemcachedApplier;
import dev.activeactive.evcache.internal.memcached.RawBytesTranscoder;
import dev.activeactive.evcache.internal.memcached.SpyCasStore;
import dev.activeactive.evcache.internal.version.MicrosClock;
import dev.activeactive.evcache.internal.wire.Operation;
import dev.activeactive.relay.api.DatasetRules;
import dev.activeactive.relay.api.RelayConfig;
import dev.activeactive.relay.api.ZoneConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
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
  /** Operations in flight per zone: enough to keep the connections busy, few enough not to time out queued. */
  private static final int MAX_IN_FLIGHT = 512;

  private final ZoneConfig zone;
  private final MemcachedClient client;
  private final MemcachedApplier applier;
  private final InFlightLimiter limiter = new InFlightLimiter(MAX_IN_FLIGHT);

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
    this.applier = new MemcachedApplier(new SpyCasStore(client, transcoder, config.memcachedTimeout()),
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
  public CompletableFuture<ApplyResult> apply(Operation operation) {
    return limiter.submit(() -> applier.apply(operation)).thenApply(result -> {
      if (!result.isSettled()) {
        throw new IllegalStateException("key kept changing in zone " + zone.name() + "; retrying the message later");
      }
      return result;
    });
  }

  @Override
  public boolean isReachable() {
    return client.getAvailableServers().size() == zone.servers().size();
  }

  @Override
  public void close() {
    client.shutdown(2, TimeUnit.SECONDS);
  }
}
