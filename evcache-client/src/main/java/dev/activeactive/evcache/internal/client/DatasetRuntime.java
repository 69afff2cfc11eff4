package dev.activeactive.evcache.internal.client;

import dev.activeactive.evcache.api.DatasetConfig;
import dev.activeactive.evcache.api.LocalWriteMode;
import dev.activeactive.evcache.api.ReplicationPolicy;
import dev.activeactive.protocol.api.apply.DatasetApplyRules;
import dev.activeactive.protocol.api.key.KeyPolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** A dataset's configuration turned into what the operations use: key policy, apply rules, near cache. */
final class DatasetRuntime {

  final DatasetConfig config;
  final String name;
  final KeyPolicy keys;
  final DatasetApplyRules applyRules;
  final ReplicationPolicy replication;
  final boolean conditional;
  final long defaultTtlSeconds;
  final long holdOffMicros;
  final NearCache near;
  /** getOrLoad loads in flight, by codec and memcached key; {@code null} without single-flight loads. */
  final ConcurrentHashMap<List<Object>, CompletableFuture<?>> loads;

  DatasetRuntime(DatasetConfig config, boolean recordNearCacheStats) {
    this.config = config;
    this.name = config.name();
    this.keys = new KeyPolicy(config.name(), config.keyHashing());
    this.applyRules = new DatasetApplyRules((int) config.tombstoneTtl().getSeconds(), config.plainDeletes());
    this.replication = config.replication();
    this.conditional = config.localWriteMode() == LocalWriteMode.CONDITIONAL;
    this.defaultTtlSeconds = config.defaultTtl().getSeconds();
    this.holdOffMicros = config.fillHoldOff().toNanos() / 1_000;
    this.loads = config.singleFlightLoads() ? new ConcurrentHashMap<>() : null;
    this.near = config.nearCache().map(c -> new NearCache(c, recordNearCacheStats)).orElse(null);
  }

  /**
   * A TTL in memcached's whole seconds; {@code null} is the dataset's default.
   *
   * @throws IllegalArgumentException for a negative, sub-second or too long TTL
   */
  long ttlSeconds(Duration ttl) {
    if (ttl == null) {
      return defaultTtlSeconds;
    }
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("a TTL must not be negative: " + ttl);
    }
    if (ttl.getSeconds() > 0xFFFF_FFFFL / 2) {
      throw new IllegalArgumentException("a TTL must be at most about 68 years: " + ttl);
    }
    if (!ttl.isZero() && ttl.getSeconds() == 0) {
      throw new IllegalArgumentException("a TTL is whole seconds (memcached's resolution); use at least 1 s or"
          + " Duration.ZERO for no expiry: " + ttl);
    }
    return ttl.getSeconds();
  }
}
