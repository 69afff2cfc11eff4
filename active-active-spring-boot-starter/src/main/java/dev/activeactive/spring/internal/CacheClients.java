package dev.activeactive.spring.internal;

import dev.activeactive.evcache.api.DatasetConfig;
import dev.activeactive.evcache.api.EVCacheClient;
import dev.activeactive.evcache.api.EVCacheClientBuilder;
import dev.activeactive.evcache.api.NearCacheConfig;
import dev.activeactive.evcache.api.PublisherConfig;
import dev.activeactive.evcache.api.RemoteRegion;
import dev.activeactive.evcache.api.ZoneConfig;
import dev.activeactive.spring.api.CacheProperties;
import dev.activeactive.spring.api.DatasetProperties;
import dev.activeactive.spring.api.PublisherProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** Turns {@code active-active.cache.*} into an {@link EVCacheClientBuilder}; the builder validates. */
public final class CacheClients {

  private CacheClients() {}

  /** A builder with every configured option; {@code registry} and {@code credentials} may be null. */
  public static EVCacheClientBuilder builder(String region, CacheProperties cache, MeterRegistry registry,
      AwsCredentialsProvider credentials) {
    EVCacheClientBuilder builder = EVCacheClient.builder()
        .region(region)
        .localZone(cache.getLocalZone())
        .writeCompletion(cache.getWriteCompletion())
        .readFallback(cache.getReadFallback())
        .memcachedTimeout(cache.getMemcachedTimeout())
        .connectTimeout(cache.getConnectTimeout())
        .maxItemBytes(cache.getMaxItemBytes())
        .maxClockSkew(cache.getMaxClockSkew())
        .rememberedWrites(cache.getRememberedWrites())
        .meterRegistry(registry);
    zones(cache.getZones()).forEach(builder::zone);
    if (cache.getDatasets().isEmpty()) {
      throw new IllegalStateException("active-active.cache.datasets needs at least one dataset, for example"
          + " active-active.cache.datasets.profiles.replication=INVALIDATE");
    }
    cache.getDatasets().forEach((name, ds) -> builder.dataset(dataset(name, ds)));
    if (!cache.getPublisher().getRemoteRegions().isEmpty()) {
      builder.publisher(publisher(cache.getPublisher(), credentials));
    }
    return builder;
  }

  /** Zones as the client takes them, in configuration order. */
  public static List<ZoneConfig> zones(Map<String, List<String>> zones) {
    return zones.entrySet().stream().map(e -> new ZoneConfig(e.getKey(), e.getValue())).toList();
  }

  static DatasetConfig dataset(String name, DatasetProperties ds) {
    DatasetConfig.Builder b = DatasetConfig.builder(name)
        .replication(ds.getReplication())
        .localWriteMode(ds.getLocalWriteMode())
        .defaultTtl(ds.getDefaultTtl())
        .tombstoneTtl(ds.getTombstoneTtl())
        .plainDeletes(ds.isPlainDeletes())
        .keyHashing(ds.isKeyHashing())
        .fillHoldOff(ds.getFillHoldOff())
        .singleFlightLoads(ds.isSingleFlightLoads());
    if (ds.getNearCache().getMaximumSize() != null) {
      b.nearCache(NearCacheConfig.of(ds.getNearCache().getMaximumSize(), ds.getNearCache().getExpireAfterWrite()));
    }
    return b.build();
  }

  static PublisherConfig publisher(PublisherProperties p, AwsCredentialsProvider credentials) {
    PublisherConfig.Builder b = PublisherConfig.builder()
        .credentials(credentials)
        .linger(p.getLinger())
        .packing(p.isPacking())
        .maxBufferBytes(p.getMaxBufferBytes())
        .overflowPolicy(p.getOverflowPolicy())
        .maxBlock(p.getMaxBlock())
        .spoolDirectory(p.getSpoolDirectory())
        .spoolMaxBytes(p.getSpoolMaxBytes())
        .spoolSync(p.isSpoolSync())
        .maxInFlightRequests(p.getMaxInFlightRequests())
        .retryBackoff(p.getRetryBackoff())
        .maxRetryBackoff(p.getMaxRetryBackoff())
        .requestTimeout(p.getRequestTimeout())
        .maxBodyBytes(p.getMaxBodyBytes())
        .closeTimeout(p.getCloseTimeout());
    if (p.getSigningSecret() != null) {
      b.signingSecret(Secrets.decode("active-active.cache.publisher.signing-secret", p.getSigningSecret()));
    }
    p.getRemoteRegions().forEach((name, r) -> b.remoteRegion(remoteRegion(name, r)));
    return b.build();
  }

  private static RemoteRegion remoteRegion(String name, PublisherProperties.RemoteRegion r) {
    if (r.getQueueUrl() == null || r.getQueueUrl().isBlank()) {
      throw new IllegalStateException("active-active.cache.publisher.remote-regions." + name
          + ".queue-url is required: the URL of " + name + "'s replication queue");
    }
    RemoteRegion region = r.getEndpoint() == null ? RemoteRegion.of(name, r.getQueueUrl())
        : RemoteRegion.of(name, r.getQueueUrl(), r.getEndpoint());
    return r.getAwsRegion() == null ? region : region.withAwsRegion(r.getAwsRegion());
  }
}
