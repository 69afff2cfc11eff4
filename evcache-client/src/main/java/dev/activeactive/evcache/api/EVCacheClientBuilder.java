package dev.activeactive.evcache.api;

import dev.activeactive.evcache.internal.client.ClientFactory;
import dev.activeactive.evcache.internal.client.ClientSettings;
import dev.activeactive.protocol.api.version.Version;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds an {@link EVCacheClient}: the local region, its zones, the datasets, the publisher and the meter
 * registry. Obtain it with {@link EVCacheClient#builder()}. Not thread-safe; {@link #build()} may be called more
 * than once.
 */
public final class EVCacheClientBuilder {

  private String region;
  private final List<ZoneConfig> zones = new ArrayList<>();
  private String localZone;
  private WriteCompletion writeCompletion = WriteCompletion.QUORUM;
  private ReadFallback readFallback = ReadFallback.ON_MISS_OR_ERROR;
  private Duration memcachedTimeout = Duration.ofSeconds(1);
  private Duration connectTimeout = Duration.ofSeconds(5);
  private int maxItemBytes = 1024 * 1024;
  private Duration maxClockSkew = Duration.ofSeconds(60);
  private int rememberedWrites = DEFAULT_REMEMBERED_WRITES;
  private final Map<String, DatasetConfig> datasets = new LinkedHashMap<>();
  private PublisherConfig publisher;
  private MeterRegistry meterRegistry;

  /** {@link #rememberedWrites(int)}'s default. */
  public static final int DEFAULT_REMEMBERED_WRITES = 32_768;

  EVCacheClientBuilder() {}

  /**
   * The region this client runs in (required): 1-64 characters of {@code [A-Za-z0-9._-]}, the same name the
   * other regions' publishers and relays use for it. Stamped into every version this client issues.
   */
  public EVCacheClientBuilder region(String region) {
    this.region = region;
    return this;
  }

  /** Adds a zone of the local region (at least one is required). */
  public EVCacheClientBuilder zone(ZoneConfig zone) {
    zones.add(Objects.requireNonNull(zone, "zone"));
    return this;
  }

  /**
   * The zone this process runs in: reads go there first. Default: the first zone added.
   */
  public EVCacheClientBuilder localZone(String zoneName) {
    this.localZone = zoneName;
    return this;
  }

  /** How many zones a write must reach before it completes; default {@link WriteCompletion#QUORUM}. */
  public EVCacheClientBuilder writeCompletion(WriteCompletion completion) {
    this.writeCompletion = Objects.requireNonNull(completion, "completion");
    return this;
  }

  /** When reads fall back to other zones; default {@link ReadFallback#ON_MISS_OR_ERROR}. */
  public EVCacheClientBuilder readFallback(ReadFallback fallback) {
    this.readFallback = Objects.requireNonNull(fallback, "fallback");
    return this;
  }

  /**
   * How long one memcached command may take before it fails with a timeout (and a read falls back to the next
   * zone); default 1 s.
   */
  public EVCacheClientBuilder memcachedTimeout(Duration timeout) {
    this.memcachedTimeout = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  /**
   * How long {@link #build()} waits for every zone's servers to connect; default 5 s. Commands issued before a
   * zone is connected fail at once, so without the wait the first writes after a start fail. {@link Duration#ZERO}
   * does not wait (the connections come up in the background).
   */
  public EVCacheClientBuilder connectTimeout(Duration timeout) {
    this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  /**
   * memcached's largest item ({@code -I}); default 1 MiB, memcached's default. A value whose item (value,
   * envelope, key and memcached's item header) would be larger is refused with an
   * {@link IllegalArgumentException}.
   */
  public EVCacheClientBuilder maxItemBytes(int bytes) {
    this.maxItemBytes = bytes;
    return this;
  }

  /**
   * How far ahead of this host's clock a version seen from another region may be and still move this client's
   * clock forward; default 60 s. Guards against one region with a broken clock dragging the others into the
   * future.
   */
  public EVCacheClientBuilder maxClockSkew(Duration skew) {
    this.maxClockSkew = Objects.requireNonNull(skew, "skew");
    return this;
  }

  /**
   * How many keys this client remembers the CAS id of (a key in each zone counts once per zone; the least recently
   * used are forgotten first), so that a {@link LocalWriteMode#CONDITIONAL CONDITIONAL} write of a key this client
   * stored last costs one round trip (a compare-and-swap against the remembered id) instead of two (read, then
   * swap); default {@value #DEFAULT_REMEMBERED_WRITES}, about 250 bytes each beside the key itself (8 MB at the
   * default). A remembered id that no longer matches (another writer, the relay, an eviction, a server restart)
   * only costs the round trip it failed to save: the write then reads and decides as usual, so no guarantee
   * depends on it.
   *
   * <p>Uses memcached's meta protocol ({@code ms}, memcached 1.6 or later), which returns the id a store
   * produced; {@link #build()} fails, naming them, when a connected server is older. For older servers set 0:
   * conditional writes then use the classic {@code gets}, {@code add} and {@code cas} only.
   */
  public EVCacheClientBuilder rememberedWrites(int keys) {
    this.rememberedWrites = keys;
    return this;
  }

  /** Adds a dataset (at least one is required); a later dataset with the same name replaces an earlier one. */
  public EVCacheClientBuilder dataset(DatasetConfig dataset) {
    Objects.requireNonNull(dataset, "dataset");
    datasets.put(dataset.name(), dataset);
    return this;
  }

  /**
   * How writes are published to the other regions. Default none: nothing is published, whatever the datasets'
   * policies (a single-region deployment).
   */
  public EVCacheClientBuilder publisher(PublisherConfig publisher) {
    this.publisher = publisher;
    return this;
  }

  /**
   * Where the client's meters go (tags {@code dataset} and {@code operation}; see docs/evcache-client.md). Default
   * none: no meters are recorded at all.
   */
  public EVCacheClientBuilder meterRegistry(MeterRegistry registry) {
    this.meterRegistry = registry;
    return this;
  }

  /**
   * Connects to the zones' memcached servers, waits up to {@link #connectTimeout(Duration)} for them, and starts
   * the publishers. A zone still not connected then is logged and retried in the background, unless the zones that
   * are connected cannot satisfy the write completion policy: then the build fails, naming the zones and servers.
   *
   * @throws IllegalArgumentException if the configuration is incomplete or inconsistent
   * @throws EVCacheException if a client cannot be created (for example the spool directory is in use, or too few
   *     zones are reachable for the write completion policy)
   */
  public EVCacheClient build() {
    return ClientFactory.create(settings());
  }

  ClientSettings settings() {
    if (region == null) {
      throw new IllegalArgumentException("the client's region is required: call region(...)");
    }
    Version.requireValidRegion(region);
    if (zones.isEmpty()) {
      throw new IllegalArgumentException("at least one zone is required: call zone(...)");
    }
    if (zones.stream().map(ZoneConfig::name).distinct().count() != zones.size()) {
      throw new IllegalArgumentException("zone names must be distinct: " + zones.stream().map(ZoneConfig::name)
          .toList());
    }
    String local = localZone == null ? zones.get(0).name() : localZone;
    if (zones.stream().noneMatch(z -> z.name().equals(local))) {
      throw new IllegalArgumentException("localZone '" + local + "' is not one of the zones "
          + zones.stream().map(ZoneConfig::name).toList());
    }
    if (datasets.isEmpty()) {
      throw new IllegalArgumentException("at least one dataset is required: call dataset(...)");
    }
    if (memcachedTimeout.isNegative() || memcachedTimeout.isZero()) {
      throw new IllegalArgumentException("memcachedTimeout must be positive: " + memcachedTimeout);
    }
    if (connectTimeout.isNegative()) {
      throw new IllegalArgumentException("connectTimeout must not be negative: " + connectTimeout);
    }
    if (maxItemBytes < 4096) {
      throw new IllegalArgumentException("maxItemBytes must be at least 4096: " + maxItemBytes);
    }
    if (rememberedWrites < 0) {
      throw new IllegalArgumentException("rememberedWrites must not be negative (0 turns it off): "
          + rememberedWrites);
    }
    if (maxClockSkew.isNegative() || maxClockSkew.isZero()) {
      throw new IllegalArgumentException("maxClockSkew must be positive: " + maxClockSkew);
    }
    if (publisher != null && publisher.remoteRegions().stream().anyMatch(r -> r.name().equals(region))) {
      throw new IllegalArgumentException("the publisher lists the client's own region '" + region
          + "' as a remote region");
    }
    return new ClientSettings(region, List.copyOf(zones), local, writeCompletion, readFallback, memcachedTimeout,
        connectTimeout, maxItemBytes, maxClockSkew, rememberedWrites, List.copyOf(datasets.values()), publisher, meterRegistry);
  }
}
