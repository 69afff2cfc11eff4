package dev.activeactive.evcache.internal.client;

import dev.activeactive.evcache.api.DatasetConfig;
import dev.activeactive.evcache.api.PublisherConfig;
import dev.activeactive.evcache.api.ReadFallback;
import dev.activeactive.evcache.api.WriteCompletion;
import dev.activeactive.evcache.api.ZoneConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;

/**
 * A validated client configuration, as {@link dev.activeactive.evcache.api.EVCacheClientBuilder} hands it over.
 *
 * @param region the local region
 * @param zones the local zones, in configuration order
 * @param localZone the zone reads try first
 * @param writeCompletion how many zones a write needs
 * @param readFallback when reads try other zones
 * @param memcachedTimeout per-command timeout
 * @param connectTimeout how long building waits for the zones to connect (zero: no wait)
 * @param maxItemBytes memcached's item size limit
 * @param maxClockSkew how far ahead an observed remote version may pull the clock
 * @param rememberedWrites how many keys' CAS ids this client remembers for one-round-trip conditional writes
 * @param datasets the datasets
 * @param publisher the publisher, or {@code null} for none
 * @param meterRegistry the meter registry, or {@code null} for no meters
 */
public record ClientSettings(String region, List<ZoneConfig> zones, String localZone,
    WriteCompletion writeCompletion, ReadFallback readFallback, Duration memcachedTimeout, Duration connectTimeout,
    int maxItemBytes,
    Duration maxClockSkew, int rememberedWrites, List<DatasetConfig> datasets, PublisherConfig publisher, MeterRegistry meterRegistry) {}
