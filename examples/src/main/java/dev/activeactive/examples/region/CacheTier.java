package dev.activeactive.examples.region;

import dev.activeactive.evcache.api.EVCacheClient;
import dev.activeactive.evcache.api.EVCacheClientBuilder;
import dev.activeactive.evcache.api.PublisherConfig;
import dev.activeactive.evcache.api.ReadFallback;
import dev.activeactive.evcache.api.WriteCompletion;
import dev.activeactive.evcache.api.ZoneConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/** Builds the region's cache client: its zones, the two datasets and the publisher to the other regions. */
final class CacheTier {

  private CacheTier() {}

  static EVCacheClient client(RegionSettings settings, MeterRegistry registry) {
    EVCacheClientBuilder builder = EVCacheClient.builder()
        .region(settings.region())
        .localZone(settings.localZone())
        // a region has two zones; with QUORUM (both of two) losing one zone would fail every write
        .writeCompletion(WriteCompletion.ONE)
        .readFallback(ReadFallback.ON_MISS_OR_ERROR)
        .dataset(Datasets.history())
        .dataset(Datasets.nowPlaying())
        .publisher(publisher(settings))
        .meterRegistry(registry);
    for (ZoneConfig zone : settings.zones()) {
      builder.zone(zone);
    }
    return builder.build();
  }

  private static PublisherConfig publisher(RegionSettings settings) {
    PublisherConfig.Builder publisher = PublisherConfig.builder()
        // after a partition heals, the next attempt comes within 2 s (the default backs off up to 5 s)
        .maxRetryBackoff(Duration.ofSeconds(2));
    settings.remoteRegions().forEach(publisher::remoteRegion);
    settings.credentials().ifPresent(publisher::credentials);
    settings.spoolDirectory().ifPresent(publisher::spoolDirectory);
    return publisher.build();
  }
}
