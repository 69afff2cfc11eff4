package dev.activeactive.evcache.internal.client;

import dev.activeactive.evcache.api.EVCacheException;
import dev.activeactive.evcache.api.WriteCompletion;
import dev.activeactive.evcache.api.ZoneConfig;
import dev.activeactive.protocol.api.zone.SpyZoneStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits, when a client is built, for its zones' connections: spymemcached connects in the background and cancels
 * commands for a server that is not connected yet, so without the wait the first writes after a start fail.
 */
final class ZoneConnections {

  private static final Logger log = LoggerFactory.getLogger(ZoneConnections.class);

  private ZoneConnections() {}

  /**
   * Waits up to {@code timeout} for every zone. A zone still not connected then is logged and left to reconnect
   * in the background, unless the connected zones are too few for {@code completion}.
   *
   * @param zones the zones' configurations, in the order of {@code stores}
   * @throws EVCacheException naming the unconnected zones and their servers, when too few are connected
   */
  static void await(List<ZoneConfig> zones, List<SpyZoneStore> stores, Duration timeout,
      WriteCompletion completion) {
    if (timeout.isZero()) {
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> missing = unconnected(zones, stores);
    while (!missing.isEmpty() && System.nanoTime() - deadline < 0) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EVCacheException("interrupted while waiting for the zones to connect", e);
      }
      missing = unconnected(zones, stores);
    }
    if (missing.isEmpty()) {
      return;
    }
    int connected = stores.size() - missing.size();
    String what = "memcached zone(s) " + String.join(", ", missing) + " not connected within "
        + timeout.toMillis() + " ms";
    if (connected < completion.required(stores.size())) {
      throw new EVCacheException(what + "; write completion " + completion + " needs "
          + completion.required(stores.size()) + " of " + stores.size() + " zones and " + connected
          + " are connected. Check that the servers run and are reachable from here, or raise connectTimeout.");
    }
    log.warn("{}; starting with {} of {} zones (write completion {}), the others are retried in the background",
        what, connected, stores.size(), completion);
  }

  /**
   * Refuses servers too old for {@code rememberedWrites} (the meta protocol, memcached 1.6+), naming them: their
   * first conditional write would fail with an ERROR reply. Servers that do not answer now are not judged.
   *
   * @throws EVCacheException naming each such server and its version, and the two ways out
   */
  static void requireMetaProtocol(List<ZoneConfig> zones, List<SpyZoneStore> stores) {
    List<String> old = new ArrayList<>();
    for (int i = 0; i < stores.size(); i++) {
      if (stores.get(i).allServersAvailable()) {
        old.addAll(tooOld(zones.get(i).name(), stores.get(i).serverVersions()));
      }
    }
    if (!old.isEmpty()) {
      throw new EVCacheException("memcached " + String.join(", ", old) + " does not speak the meta protocol"
          + " (memcached 1.6 or later), which rememberedWrites needs for one-round-trip conditional writes."
          + " Upgrade those servers, or build the client with rememberedWrites(0) to use the classic commands only.");
    }
  }

  /** The servers of one zone, as "server (zone z, version v)", whose version is older than 1.6. */
  static List<String> tooOld(String zone, Map<String, String> versions) {
    List<String> old = new ArrayList<>();
    versions.forEach((server, version) -> {
      if (version != null && !SpyZoneStore.speaksMetaProtocol(version)) {
        old.add(server + " (zone " + zone + ", version " + version + ")");
      }
    });
    return old;
  }

  private static List<String> unconnected(List<ZoneConfig> zones, List<SpyZoneStore> stores) {
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < stores.size(); i++) {
      if (!stores.get(i).allServersAvailable()) {
        missing.add(zones.get(i).name() + " " + zones.get(i).servers());
      }
    }
    return missing;
  }
}
