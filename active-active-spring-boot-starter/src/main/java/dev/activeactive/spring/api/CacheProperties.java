package dev.activeactive.spring.api;

import dev.activeactive.evcache.api.EVCacheClientBuilder;
import dev.activeactive.evcache.api.ReadFallback;
import dev.activeactive.evcache.api.WriteCompletion;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * The cache client ({@code active-active.cache.*}). The client is auto-configured when at least one zone is
 * given; every option mirrors {@code EVCacheClientBuilder} with the same default.
 */
public class CacheProperties {
  /**
   * Created by Spring Boot's binder, which then sets active-active.cache.* from the environment; created directly
   * (tests, programmatic set-up) it holds every option's documented default.
   */
  public CacheProperties() {
  }

  /**
   * The local region's zones and their memcached servers (host:port), in order, for example
   * active-active.cache.zones.us-east-1a=10.0.1.10:11211,10.0.1.11:11211. At least one zone; the first is the
   * local zone unless local-zone says otherwise.
   */
  private Map<String, List<String>> zones = new LinkedHashMap<>();

  /** The zone this process runs in; reads go there first. Default: the first zone. */
  private String localZone;

  /** How many zones a write must reach before it completes (ONE, QUORUM, ALL). */
  private WriteCompletion writeCompletion = WriteCompletion.QUORUM;

  /** When reads move on to the other zones (NONE, ON_ERROR, ON_MISS_OR_ERROR). */
  private ReadFallback readFallback = ReadFallback.ON_MISS_OR_ERROR;

  /** How long one memcached command may take. */
  private Duration memcachedTimeout = Duration.ofSeconds(1);

  /**
   * How long start-up waits for the zones to connect; 0 does not wait. Start-up fails when the zones connected by
   * then cannot satisfy write-completion.
   */
  private Duration connectTimeout = Duration.ofSeconds(5);

  /** memcached's largest item (its -I), in bytes; larger values are refused. */
  private int maxItemBytes = 1024 * 1024;

  /** How far ahead of this host's clock a version from another region may move this client's clock. */
  private Duration maxClockSkew = Duration.ofSeconds(60);

  /**
   * How many keys' CAS ids the client remembers, so a CONDITIONAL write of a key it stored last costs one round
   * trip per zone instead of two; 0 for memcached older than 1.6 (no meta protocol).
   */
  private int rememberedWrites = EVCacheClientBuilder.DEFAULT_REMEMBERED_WRITES;

  /**
   * The datasets, by name (1-64 characters of [A-Za-z0-9._-]; use the bracket form, datasets[My.Set], for names
   * with dots or capitals). At least one. Configure each identically in every region.
   */
  private Map<String, DatasetProperties> datasets = new LinkedHashMap<>();

  /** How writes are published to the other regions; nothing is published without remote regions. */
  @NestedConfigurationProperty
  private final PublisherProperties publisher = new PublisherProperties();

  public Map<String, List<String>> getZones() {
    return zones;
  }

  public void setZones(Map<String, List<String>> zones) {
    this.zones = zones;
  }

  public String getLocalZone() {
    return localZone;
  }

  public void setLocalZone(String localZone) {
    this.localZone = localZone;
  }

  public WriteCompletion getWriteCompletion() {
    return writeCompletion;
  }

  public void setWriteCompletion(WriteCompletion writeCompletion) {
    this.writeCompletion = writeCompletion;
  }

  public ReadFallback getReadFallback() {
    return readFallback;
  }

  public void setReadFallback(ReadFallback readFallback) {
    this.readFallback = readFallback;
  }

  public Duration getMemcachedTimeout() {
    return memcachedTimeout;
  }

  public void setMemcachedTimeout(Duration memcachedTimeout) {
    this.memcachedTimeout = memcachedTimeout;
  }

  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  public void setConnectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  public int getMaxItemBytes() {
    return maxItemBytes;
  }

  public void setMaxItemBytes(int maxItemBytes) {
    this.maxItemBytes = maxItemBytes;
  }

  public Duration getMaxClockSkew() {
    return maxClockSkew;
  }

  public void setMaxClockSkew(Duration maxClockSkew) {
    this.maxClockSkew = maxClockSkew;
  }

  public int getRememberedWrites() {
    return rememberedWrites;
  }

  public void setRememberedWrites(int rememberedWrites) {
    this.rememberedWrites = rememberedWrites;
  }

  public Map<String, DatasetProperties> getDatasets() {
    return datasets;
  }

  public void setDatasets(Map<String, DatasetProperties> datasets) {
    this.datasets = datasets;
  }

  public PublisherProperties getPublisher() {
    return publisher;
  }
}
