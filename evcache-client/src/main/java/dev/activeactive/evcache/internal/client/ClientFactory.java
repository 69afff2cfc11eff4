package dev.activeactive.evcache.internal.client;

import dev.activeactive.evcache.api.DatasetConfig;
import dev.activeactive.evcache.api.EVCacheClient;
import dev.activeactive.evcache.api.EVCacheException;
import dev.activeactive.evcache.api.PublisherConfig;
import dev.activeactive.evcache.api.RemoteRegion;
import dev.activeactive.evcache.api.ZoneConfig;
import dev.activeactive.evcache.internal.metrics.MeteredDatasetCache;
import dev.activeactive.evcache.internal.metrics.MicrometerEvents;
import dev.activeactive.evcache.internal.publish.DefaultPublisher;
import dev.activeactive.evcache.internal.publish.PublisherMode;
import dev.activeactive.evcache.internal.publish.Publisher;
import dev.activeactive.evcache.internal.publish.PublisherListener;
import dev.activeactive.evcache.internal.publish.PublisherSettings;
import dev.activeactive.evcache.internal.publish.SdkSqsSender;
import dev.activeactive.evcache.internal.publish.SqsSender;
import dev.activeactive.protocol.api.apply.DatasetApplyRules;
import dev.activeactive.protocol.api.apply.MemcachedApplier;
import dev.activeactive.protocol.api.version.HybridClock;
import dev.activeactive.protocol.api.version.MicrosClock;
import dev.activeactive.protocol.api.zone.SpyZoneStore;
import dev.activeactive.protocol.api.zone.ZoneStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClientBuilder;

/** Wires a client from its settings: zones, datasets, publisher, meters. */
public final class ClientFactory {

  /** Read-decide-write rounds a contended key gets before a local write gives up. */
  static final int CAS_ATTEMPTS = 16;

  private ClientFactory() {}

  /** Builds a client on real memcached servers and SQS queues. */
  public static EVCacheClient create(ClientSettings settings) {
    List<ZoneConfig> zones = localFirst(settings);
    List<SpyZoneStore> spyStores = new ArrayList<>();
    for (ZoneConfig zone : zones) {
      spyStores.add(SpyZoneStore.connect(zone.name(), zone.servers(), settings.maxItemBytes(),
          settings.memcachedTimeout()));
    }
    List<ZoneStore> stores = List.copyOf(spyStores);
    Function<PublisherListener, Publisher> publisher = listener -> publisher(settings, listener);
    try {
      ZoneConnections.await(zones, spyStores, settings.connectTimeout(), settings.writeCompletion());
      if (settings.rememberedWrites() > 0) {
        ZoneConnections.requireMetaProtocol(zones, spyStores);
      }
      return create(settings, stores, publisher, MicrosClock.system());
    } catch (RuntimeException e) {
      stores.forEach(ZoneStore::close);
      throw e;
    }
  }

  /**
   * Builds a client on the given zones (local zone first) and publisher; for tests with in-memory zones and fake
   * queues.
   */
  public static EVCacheClient create(ClientSettings settings, List<ZoneStore> stores,
      Function<PublisherListener, Publisher> publisherFactory, MicrosClock wallClock) {
    MeterRegistry registry = settings.meterRegistry();
    MicrometerEvents events = registry == null ? null : new MicrometerEvents(registry);
    Map<String, DatasetRuntime> datasets = new LinkedHashMap<>();
    for (DatasetConfig config : settings.datasets()) {
      datasets.put(config.name(), new DatasetRuntime(config, registry != null));
    }
    Function<String, DatasetApplyRules> rules = name -> {
      DatasetRuntime ds = datasets.get(name);
      return ds == null ? DatasetApplyRules.DEFAULT : ds.applyRules;
    };
    List<ZoneGroup.Zone> zones = new ArrayList<>();
    for (ZoneStore store : stores) {
      zones.add(new ZoneGroup.Zone(store, new MemcachedApplier(store, rules, wallClock, CAS_ATTEMPTS,
          Math.max(1, settings.maxClockSkew().toSeconds()))));
    }
    ZoneGroup group = new ZoneGroup(zones, settings.writeCompletion(), settings.readFallback(),
        events == null ? ClientEvents.NOOP : events);
    Publisher publisher = publisherFactory.apply(events == null ? PublisherListener.NOOP : events);
    HybridClock clock = new HybridClock(settings.region(), wallClock, settings.maxClockSkew().toNanos() / 1_000);
    ClientCore core = new ClientCore(settings.region(), clock, wallClock, group, publisher,
        events == null ? ClientEvents.NOOP : events, settings.maxItemBytes(), CAS_ATTEMPTS,
        OwnWrites.bounded(settings.rememberedWrites()));

    List<Meter> meters = new ArrayList<>();
    Function<String, MeteredDatasetCache.Meters> datasetMeters = null;
    if (registry != null) {
      Map<String, MeteredDatasetCache.Meters> byDataset = new ConcurrentHashMap<>();
      datasetMeters = name -> byDataset.computeIfAbsent(name, n -> new MeteredDatasetCache.Meters(registry, n));
      for (DatasetRuntime ds : datasets.values()) {
        if (ds.near != null) {
          CaffeineCacheMetrics.monitor(registry, ds.near.cache(), "evcache.near", Tags.of("dataset", ds.name));
        }
      }
      for (ZoneStore store : stores) {
        if (store instanceof SpyZoneStore spy) {
          meters.add(Gauge.builder("evcache.client.zone.commands.outstanding", spy, SpyZoneStore::commandsOutstanding)
              .tag("zone", spy.name()).description("memcached commands issued and not yet answered, timed-out ones "
                  + "included until the server answered or dropped them; at most " + SpyZoneStore.MAX_COMMANDS_OUTSTANDING)
              .register(registry));
        }
      }
      if (publisher instanceof DefaultPublisher p) {
        for (String region : p.regions()) {
          meters.add(Gauge.builder("evcache.publisher.queue.depth", p, x -> x.queuedOperations(region))
              .tag("region", region).description("operations accepted and not yet delivered or spooled")
              .register(registry));
          meters.add(Gauge.builder("evcache.publisher.buffer.bytes", p, x -> x.bufferedBytes(region))
              .tag("region", region).baseUnit("bytes").description("encoded operations held in memory")
              .register(registry));
          meters.add(Gauge.builder("evcache.publisher.spool.bytes", p, x -> x.spoolBytes(region))
              .tag("region", region).baseUnit("bytes").description("size of the on-disk spool")
              .register(registry));
          for (PublisherMode mode : PublisherMode.values()) {
            meters.add(Gauge.builder("evcache.publisher.mode", p, x -> x.mode(region) == mode ? 1 : 0)
                .tag("region", region).tag("mode", mode.name())
                .description("1 for the mode the region's publisher is in (FAILED: its thread died, writes fail)")
                .register(registry));
          }
        }
      }
    }
    Runnable onClose = registry == null ? () -> { } : () -> meters.forEach(registry::remove);
    return new DefaultEVCacheClient(core, datasets, datasetMeters, onClose);
  }

  private static List<ZoneConfig> localFirst(ClientSettings settings) {
    List<ZoneConfig> ordered = new ArrayList<>();
    for (ZoneConfig zone : settings.zones()) {
      if (zone.name().equals(settings.localZone())) {
        ordered.add(0, zone);
      } else {
        ordered.add(zone);
      }
    }
    return ordered;
  }

  private static Publisher publisher(ClientSettings settings, PublisherListener listener) {
    PublisherConfig config = settings.publisher();
    if (config == null || config.remoteRegions().isEmpty()) {
      return Publisher.NONE;
    }
    AwsCredentialsProvider credentials = config.credentials().orElseGet(DefaultCredentialsProvider::create);
    Map<String, SqsSender> senders = new LinkedHashMap<>();
    try {
      for (RemoteRegion region : config.remoteRegions()) {
        senders.put(region.name(), new SdkSqsSender(sqsClient(config, region, credentials), region.queueUrl()));
      }
      return new DefaultPublisher(settings.region(), senders, PublisherSettings.of(config), listener);
    } catch (UncheckedIOException e) {
      senders.values().forEach(SqsSender::close);
      throw new EVCacheException("cannot start the publisher: " + e.getCause().getMessage(), e);
    } catch (RuntimeException e) {
      senders.values().forEach(SqsSender::close);
      throw e;
    }
  }

  private static SqsAsyncClient sqsClient(PublisherConfig config, RemoteRegion region,
      AwsCredentialsProvider credentials) {
    SqsAsyncClientBuilder builder = SqsAsyncClient.builder()
        .region(Region.of(region.awsRegion()))
        .credentialsProvider(credentials)
        .httpClientBuilder(NettyNioAsyncHttpClient.builder()
            .maxConcurrency(config.maxInFlightRequests() * 2 + 2)
            .connectionTimeout(Duration.ofSeconds(2)))
        .overrideConfiguration(o -> o
            .apiCallTimeout(config.requestTimeout())
            // the publisher retries itself (with backoff, spooling and ordering); the SDK must not add its own
            .retryStrategy(DefaultRetryStrategy.doNotRetry()));
    region.endpoint().ifPresent(builder::endpointOverride);
    config.sqsClientCustomizer().ifPresent(c -> c.accept(builder));
    return builder.build();
  }
}
