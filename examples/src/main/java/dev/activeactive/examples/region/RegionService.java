package dev.activeactive.examples.region;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.activeactive.dualwrite.api.SafeSession;
import dev.activeactive.evcache.api.EVCacheClient;
import dev.activeactive.evcache.api.ValueCodec;
import dev.activeactive.examples.history.HistorySchema;
import dev.activeactive.examples.history.HistoryStore;
import dev.activeactive.examples.history.NowPlayingService;
import dev.activeactive.examples.history.RegionClock;
import dev.activeactive.examples.history.ViewingHistory;
import dev.activeactive.examples.http.HttpApi;
import dev.activeactive.examples.http.ServiceStatus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One region's instance of the viewing-history service: a Cassandra session on the region's datacenter, a cache
 * client on the region's memcached zones (publishing to the other regions), the region's relay, and the HTTP API.
 * Stateless: everything it knows lives in the region's data tier, so any number of instances could run.
 *
 * <pre>{@code
 * try (RegionService east = RegionService.start(settings)) {
 *   System.out.println(east.baseUri());
 * }
 * }</pre>
 */
public final class RegionService implements AutoCloseable {

  private final RegionSettings settings;
  private final List<AutoCloseable> resources;
  private final PrometheusMeterRegistry registry;
  private final EVCacheClient cache;
  private final EmbeddedRelay relay;
  private final ViewingHistory history;
  private final NowPlayingService nowPlaying;
  private final HttpApi http;

  private RegionService(RegionSettings settings, List<AutoCloseable> resources, PrometheusMeterRegistry registry,
      EVCacheClient cache, EmbeddedRelay relay, ViewingHistory history, NowPlayingService nowPlaying, HttpApi http) {
    this.settings = settings;
    this.resources = resources;
    this.registry = registry;
    this.cache = cache;
    this.relay = relay;
    this.history = history;
    this.nowPlaying = nowPlaying;
    this.http = http;
  }

  /**
   * Connects to the region's tier, creates the schema if needed, and starts the relay and the HTTP API. On
   * failure, closes whatever it had opened.
   */
  public static RegionService start(RegionSettings settings) {
    List<AutoCloseable> resources = new ArrayList<>();
    try {
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      CqlSession session = SafeSession.builder()
          .addContactPoint(settings.cassandraContactPoint())
          .localDatacenter(settings.region())
          .build();
      resources.add(session);
      HistorySchema.create(session, settings.keyspace(), settings.allRegions());
      HistoryStore store = new HistoryStore(session, settings.keyspace());
      EVCacheClient cache = CacheTier.client(settings, registry);
      resources.add(cache);
      EmbeddedRelay relay = new EmbeddedRelay(settings);
      resources.add(relay);
      relay.start();
      ViewingHistory history = new ViewingHistory(cache.dataset(Datasets.HISTORY, ValueCodec.utf8()), store,
          new RegionClock(settings.regionNumber()), settings.region());
      NowPlayingService nowPlaying = new NowPlayingService(cache.dataset(Datasets.NOW_PLAYING, ValueCodec.utf8()),
          settings.region());
      HttpApi http = HttpApi.start(settings.httpAddress(), history, nowPlaying, status(settings.region(), relay,
          registry));
      resources.add(http);
      return new RegionService(settings, resources, registry, cache, relay, history, nowPlaying, http);
    } catch (IOException e) {
      closeAll(resources);
      throw new UncheckedIOException("cannot start the HTTP API of " + settings.region(), e);
    } catch (RuntimeException e) {
      closeAll(resources);
      throw e;
    }
  }

  private static ServiceStatus status(String region, EmbeddedRelay relay, PrometheusMeterRegistry registry) {
    return new ServiceStatus() {
      @Override
      public String region() {
        return region;
      }

      @Override
      public boolean healthy() {
        return relay.isReady();
      }

      @Override
      public Map<String, Object> relay() {
        return RelayView.of(relay);
      }

      @Override
      public String metrics() {
        return registry.scrape() + relay.scrape();
      }
    };
  }

  /** The region's name. */
  public String region() {
    return settings.region();
  }

  /** The settings it runs with. */
  public RegionSettings settings() {
    return settings;
  }

  /** The HTTP API's base URL. */
  public URI baseUri() {
    return http.baseUri();
  }

  /** The viewing history, as the HTTP API uses it. */
  public ViewingHistory history() {
    return history;
  }

  /** What users are watching, as the HTTP API uses it. */
  public NowPlayingService nowPlaying() {
    return nowPlaying;
  }

  /** The region's relay, to stop and start it (drills) or read its counts. */
  public EmbeddedRelay relay() {
    return relay;
  }

  /** The cache client's meters (Micrometer names {@code evcache.*}). */
  public PrometheusMeterRegistry meters() {
    return registry;
  }

  /**
   * Waits until every operation this region published so far is acknowledged by the other regions' queues; for
   * drills, which want to know when replication is in the queues' hands.
   */
  public CompletableFuture<Void> flushPublisher() {
    return cache.flush();
  }

  /** Stops the HTTP API, the relay and the cache client (delivering what it still buffers), then the session. */
  @Override
  public void close() {
    closeAll(resources);
  }

  private static void closeAll(List<AutoCloseable> resources) {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        // keep closing the rest; a failed close leaves nothing we could still do
      }
    }
    resources.clear();
  }
}
