package dev.activeactive.probe.internal.store;

import dev.activeactive.evcache.api.DatasetCache;
import dev.activeactive.evcache.api.DatasetConfig;
import dev.activeactive.evcache.api.EVCacheClient;
import dev.activeactive.evcache.api.EVCacheClientBuilder;
import dev.activeactive.evcache.api.PublisherConfig;
import dev.activeactive.evcache.api.RemoteRegion;
import dev.activeactive.evcache.api.ReplicationPolicy;
import dev.activeactive.evcache.api.ValueCodec;
import dev.activeactive.evcache.api.ZoneConfig;
import dev.activeactive.probe.api.ProbeConfig;
import dev.activeactive.relay.api.InvalidationRelay;
import dev.activeactive.relay.api.InvalidationRelayBuilder;
import dev.activeactive.sandbox.api.RegionEndpoints;
import dev.activeactive.sandbox.api.SandboxAws;
import dev.activeactive.sandbox.api.ZoneEndpoint;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * The cache path on the sandbox: evcache-client writes in the write region (publishing under the chosen
 * policy), an invalidation relay applies it in the read region, and a client of the read region reads there.
 *
 * <p>Before the run every record holds an old value in the read region, written there with policy NONE so that
 * it stays there. A record is visible when the read region no longer serves the old value: under INVALIDATE it
 * is gone (a miss), under REPLICATE it is the new value.
 */
public final class CacheStore implements ExperimentStore {
  private static final String DATASET = "probe";
  private static final String OLD = "old";

  private final ProbeConfig config;
  private final RegionEndpoints writeRegion;
  private final RegionEndpoints readRegion;
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String newValue = "new-" + run;
  private final boolean replicate;
  private EVCacheClient writer;
  private EVCacheClient reader;
  private InvalidationRelay relay;
  private DatasetCache<String> writes;
  private DatasetCache<String> reads;

  public CacheStore(ProbeConfig config, RegionEndpoints writeRegion, RegionEndpoints readRegion) {
    this.config = config;
    this.writeRegion = writeRegion;
    this.readRegion = readRegion;
    this.replicate = config.cachePolicy().equals("REPLICATE");
  }

  @Override
  public String name() {
    return "cache-" + config.cachePolicy().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public void prepare(long records) throws Exception {
    writer = client(writeRegion, replicate ? ReplicationPolicy.REPLICATE : ReplicationPolicy.INVALIDATE,
        PublisherConfig.builder()
            .remoteRegion(RemoteRegion.of(readRegion.name(), readRegion.queues().queueUrl(),
                readRegion.queueEndpointFrom(writeRegion.name())).withAwsRegion(readRegion.queues().awsRegion()))
            .credentials(SandboxAws.credentials())
            .build());
    reader = client(readRegion, ReplicationPolicy.NONE, PublisherConfig.builder().build());
    writes = writer.dataset(DATASET, ValueCodec.utf8());
    reads = reader.dataset(DATASET, ValueCodec.utf8());
    seedOldValues(records);
    InvalidationRelayBuilder relayBuilder = InvalidationRelay.builder()
        .region(readRegion.name())
        .queue(readRegion.queues().queueUrl())
        .sqsEndpoint(readRegion.queues().endpoint())
        .credentials(SandboxAws.credentials())
        .pollers(4)
        .receiveWait(Duration.ofSeconds(1));
    for (ZoneEndpoint zone : readRegion.zones()) {
      relayBuilder.zone(zone.name(), zone.memcachedHostPort());
    }
    relay = relayBuilder.build().start();
  }

  private EVCacheClient client(RegionEndpoints region, ReplicationPolicy policy, PublisherConfig publisher) {
    EVCacheClientBuilder builder = EVCacheClient.builder()
        .region(region.name())
        .localZone(region.zones().get(0).name())
        .dataset(DatasetConfig.builder(DATASET).replication(policy).build())
        .publisher(publisher);
    for (ZoneEndpoint zone : region.zones()) {
      builder.zone(ZoneConfig.of(zone.name(), zone.memcachedHostPort()));
    }
    return builder.build();
  }

  private void seedOldValues(long records) throws InterruptedException {
    Semaphore inFlight = new Semaphore(config.concurrency());
    for (long id = 0; id < records; id++) {
      inFlight.acquire();
      reads.setAsync(key(id), OLD).whenComplete((r, e) -> inFlight.release());
    }
    inFlight.acquire(config.concurrency());
    inFlight.release(config.concurrency());
  }

  private String key(long id) {
    return run + "-" + id;
  }

  @Override
  public CompletableFuture<Void> seed(long id) {
    return reads.setAsync(key(id), OLD).thenApply(r -> null);
  }

  @Override
  public CompletableFuture<Void> write(long id) {
    return writes.setAsync(key(id), newValue).thenApply(r -> null);
  }

  @Override
  public CompletableFuture<Boolean> isVisible(long id) {
    return reads.getAsync(key(id)).thenApply(value -> replicate ? newValue.equals(value) : value == null);
  }

  @Override
  public void close() {
    if (writer != null) {
      writer.close();
    }
    if (relay != null) {
      relay.close();
    }
    if (reader != null) {
      reader.close();
    }
  }
}
