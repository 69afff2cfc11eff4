package dev.activeactive.examples.drills;

import dev.activeactive.evcache.api.ZoneConfig;
import dev.activeactive.examples.history.HistoryEntry;
import dev.activeactive.examples.history.Json;
import dev.activeactive.examples.history.ViewingHistory;
import dev.activeactive.examples.region.Datasets;
import dev.activeactive.examples.region.RegionService;
import dev.activeactive.examples.sandbox.TwoRegions;
import dev.activeactive.protocol.api.key.KeyPolicy;
import dev.activeactive.protocol.api.wire.Envelope;
import dev.activeactive.protocol.api.wire.EnvelopeCodec;
import dev.activeactive.protocol.api.wire.EnvelopeFormatException;
import dev.activeactive.protocol.api.zone.SpyZoneStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Why a history key came out wrong: what every memcached zone of every region holds for it (read from each zone
 * directly: no fallback, no fill), what each region's datacenter holds, and every acknowledged write of the key.
 * For the reports of drills that found a key lost or stale; it reads, never writes.
 */
final class ZoneContents {

  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final int MAX_ITEM_BYTES = 1 << 20;

  private ZoneContents() {}

  /** One paragraph per key: its writes, then each region's datacenter and zones. */
  static List<String> describe(TwoRegions regions, WriteLedger ledger, Collection<WriteLedger.HistoryKey> keys) {
    List<String> lines = new ArrayList<>();
    KeyPolicy policy = new KeyPolicy(Datasets.HISTORY, Datasets.history().keyHashing());
    for (WriteLedger.HistoryKey key : keys) {
      lines.add("key " + key + ", acknowledged writes in order of acknowledgement:");
      for (WriteLedger.Acknowledged write : ledger.historyWrites(key)) {
        lines.add("  acked at +" + ReportText.seconds(Duration.ofNanos(write.acknowledgedAfterNanos())) + ": "
            + describe(write.entry()));
      }
      for (RegionService region : regions.all()) {
        lines.add("  " + region.region() + " database: " + database(region, key));
        for (ZoneConfig zone : region.settings().zones()) {
          lines.add("  " + region.region() + " zone " + zone.name() + ": "
              + zone(zone, policy.memcachedKey(ViewingHistory.key(key.user(), key.title()))));
        }
      }
    }
    return lines;
  }

  private static String database(RegionService region, WriteLedger.HistoryKey key) {
    try {
      Optional<HistoryEntry> row = region.history().list(key.user()).stream()
          .filter(e -> e.title().equals(key.title())).findFirst();
      return row.map(ZoneContents::describe).orElse("no row");
    } catch (RuntimeException e) {
      return "cannot read: " + e;
    }
  }

  private static String zone(ZoneConfig zone, String memcachedKey) {
    try (SpyZoneStore store = SpyZoneStore.connect("diagnosis-" + zone.name(), zone.servers(), MAX_ITEM_BYTES,
        TIMEOUT)) {
      Await.until(store::allServersAvailable, TIMEOUT, Duration.ofMillis(20));
      byte[] bytes = store.get(memcachedKey).get(TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
      if (bytes == null) {
        return "absent";
      }
      Envelope envelope = EnvelopeCodec.decode(bytes);
      if (envelope.isTombstone()) {
        return "tombstone " + envelope.version();
      }
      HistoryEntry entry = Json.read(new String(envelope.payload(), StandardCharsets.UTF_8), HistoryEntry.class);
      return "value " + envelope.version() + " holding " + describe(entry);
    } catch (EnvelopeFormatException e) {
      return "unreadable item: " + e.getMessage();
    } catch (Exception e) {
      return "cannot read: " + e;
    }
  }

  private static String describe(HistoryEntry entry) {
    return "pos " + entry.positionSeconds() + " by " + entry.writtenIn() + " @" + entry.writeTimeMicros();
  }
}
