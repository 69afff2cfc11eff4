package dev.activeactive.evcache.internal.client;

import dev.activeactive.evcache.api.DatasetConfig;
import dev.activeactive.evcache.api.EVCacheClient;
import dev.activeactive.evcache.api.EVCacheClientBuilder;
import dev.activeactive.evcache.api.PublishOverflowException;
import dev.activeactive.evcache.api.ReadFallback;
import dev.activeactive.evcache.api.WriteCompletion;
import dev.activeactive.evcache.api.ZoneConfig;
import dev.activeactive.evcache.internal.publish.Publisher;
import dev.activeactive.protocol.api.version.MicrosClock;
import dev.activeactive.protocol.api.wire.Envelope;
import dev.activeactive.protocol.api.wire.EnvelopeCodec;
import dev.activeactive.protocol.api.wire.Operation;
import dev.activeactive.protocol.api.zone.InMemoryZoneStore;
import dev.activeactive.protocol.api.zone.ZoneStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/** A client on in-memory zones with a publisher that records what it is given, and a wall clock tests drive. */
final class ClientHarness implements AutoCloseable {

  static final String REGION = "us-east-1";

  final List<InMemoryZoneStore> zones = new ArrayList<>();
  final RecordingPublisher publisher = new RecordingPublisher();
  final AtomicLong nowMicros = new AtomicLong(1_700_000_000_000_000L);
  final MicrosClock clock = nowMicros::get;
  final EVCacheClient client;

  ClientHarness(int zoneCount, WriteCompletion completion, ReadFallback fallback, MeterRegistry registry,
      DatasetConfig... datasets) {
    this(zoneCount, completion, fallback, registry, (i, zone) -> zone, datasets);
  }

  /** As above, with each zone's store wrapped (by zone index), e.g. to make its commands time out. */
  ClientHarness(int zoneCount, WriteCompletion completion, ReadFallback fallback, MeterRegistry registry,
      BiFunction<Integer, InMemoryZoneStore, ZoneStore> wrap, DatasetConfig... datasets) {
    this(zoneCount, completion, fallback, registry, wrap, EVCacheClientBuilder.DEFAULT_REMEMBERED_WRITES, datasets);
  }

  /** As above, remembering the CAS ids of {@code rememberedWrites} keys (0: none). */
  ClientHarness(int zoneCount, WriteCompletion completion, ReadFallback fallback, MeterRegistry registry,
      BiFunction<Integer, InMemoryZoneStore, ZoneStore> wrap, int rememberedWrites, DatasetConfig... datasets) {
    List<ZoneConfig> zoneConfigs = new ArrayList<>();
    List<ZoneStore> stores = new ArrayList<>();
    for (int i = 0; i < zoneCount; i++) {
      String name = REGION + (char) ('a' + i);
      InMemoryZoneStore zone = new InMemoryZoneStore(name);
      zones.add(zone);
      stores.add(wrap.apply(i, zone));
      zoneConfigs.add(ZoneConfig.of(name, "127.0.0.1:" + (11211 + i)));
    }
    ClientSettings settings = new ClientSettings(REGION, zoneConfigs, zoneConfigs.get(0).name(), completion,
        fallback, Duration.ofSeconds(1), Duration.ZERO, 1024 * 1024, Duration.ofSeconds(60),
        rememberedWrites, List.of(datasets), null, registry);
    client = ClientFactory.create(settings, stores, listener -> publisher, clock);
  }

  ClientHarness(DatasetConfig... datasets) {
    this(2, WriteCompletion.ALL, ReadFallback.ON_MISS_OR_ERROR, null, datasets);
  }

  InMemoryZoneStore zone(int i) {
    return zones.get(i);
  }

  /** The envelope zone {@code i} holds for a memcached key, or null. */
  Envelope stored(int i, String memcachedKey) {
    InMemoryZoneStore.Item item = zones.get(i).item(memcachedKey);
    if (item == null) {
      return null;
    }
    try {
      return EnvelopeCodec.decode(item.bytes());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Puts an envelope into every zone, as the relay would. */
  void storeEverywhere(String memcachedKey, Envelope envelope) {
    for (InMemoryZoneStore zone : zones) {
      zone.put(memcachedKey, EnvelopeCodec.encode(envelope), 0);
    }
  }

  void advance(Duration d) {
    nowMicros.addAndGet(d.toNanos() / 1000);
  }

  @Override
  public void close() {
    client.close();
  }

  /** Records published operations; can refuse reservations like a full buffer under FAIL. */
  static final class RecordingPublisher implements Publisher {
    final List<Operation> published = new CopyOnWriteArrayList<>();
    final AtomicInteger reserved = new AtomicInteger();
    final AtomicInteger released = new AtomicInteger();
    volatile boolean full;

    @Override
    public Reservation reserve(Operation op) {
      if (full) {
        throw new PublishOverflowException("us-west-2", "full");
      }
      reserved.incrementAndGet();
      return new Reservation() {
        @Override
        public void publish() {
          published.add(op);
        }

        @Override
        public void release() {
          released.incrementAndGet();
        }
      };
    }

    @Override
    public CompletableFuture<Void> flush() {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {}
  }
}
