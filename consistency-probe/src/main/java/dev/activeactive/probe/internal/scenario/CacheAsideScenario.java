package dev.activeactive.probe.internal.scenario;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.activeactive.dualwrite.api.SafeSession;
import dev.activeactive.evcache.api.DatasetCache;
import dev.activeactive.evcache.api.DatasetConfig;
import dev.activeactive.evcache.api.EVCacheClient;
import dev.activeactive.evcache.api.EVCacheClientBuilder;
import dev.activeactive.evcache.api.Loaded;
import dev.activeactive.evcache.api.PublisherConfig;
import dev.activeactive.evcache.api.RemoteRegion;
import dev.activeactive.evcache.api.ReplicationPolicy;
import dev.activeactive.evcache.api.ValueCodec;
import dev.activeactive.evcache.api.WriteOptions;
import dev.activeactive.evcache.api.ZoneConfig;
import dev.activeactive.probe.api.CacheAsideResult;
import dev.activeactive.relay.api.InvalidationRelay;
import dev.activeactive.relay.api.InvalidationRelayBuilder;
import dev.activeactive.sandbox.api.RegionEndpoints;
import dev.activeactive.sandbox.api.SandboxAws;
import dev.activeactive.sandbox.api.ZoneEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The end-to-end cache-aside scenario on the sandbox: Cassandra and a cache in both regions. Writers in the write
 * region write a row with a client-side timestamp and invalidate the cache with that timestamp as the version;
 * readers in the read region keep calling {@code getOrLoad} with a loader that reads their own datacenter at
 * LOCAL_ONE and returns the row's write time. A reader whose replica lags behind an invalidation must not put
 * the old row back in the cache. After the horizon, every cached entry is compared with the database.
 */
public final class CacheAsideScenario {
  private static final String DATASET = "aside";

  private final RegionEndpoints writeRegion;
  private final RegionEndpoints readRegion;
  private final String keyspace;
  private final int keys;
  private final int rounds;
  private final Duration horizon;
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final AtomicLong clock = new AtomicLong();
  private final LongAdder writes = new LongAdder();
  private final LongAdder reads = new LongAdder();
  private final LongAdder errors = new LongAdder();

  public CacheAsideScenario(RegionEndpoints writeRegion, RegionEndpoints readRegion, String keyspace, int keys,
      int rounds, Duration horizon) {
    this.writeRegion = writeRegion;
    this.readRegion = readRegion;
    this.keyspace = keyspace;
    this.keys = keys;
    this.rounds = rounds;
    this.horizon = horizon;
  }

  public CacheAsideResult run() throws Exception {
    long start = System.nanoTime();
    try (CqlSession writerDb = session(writeRegion); CqlSession readerDb = session(readRegion)) {
      writerDb.execute("CREATE KEYSPACE IF NOT EXISTS " + keyspace + " WITH replication = {'class': "
          + "'NetworkTopologyStrategy', '" + writeRegion.name() + "': 1, '" + readRegion.name() + "': 1}");
      writerDb.execute("CREATE TABLE IF NOT EXISTS " + keyspace + ".cache_aside (k text PRIMARY KEY, v text)");
      PreparedStatement upsert = writerDb.prepare("INSERT INTO " + keyspace
          + ".cache_aside (k, v) VALUES (?, ?) USING TIMESTAMP ?");
      PreparedStatement load = readerDb.prepare("SELECT v, WRITETIME(v) AS wt FROM " + keyspace
          + ".cache_aside WHERE k = ?");
      PreparedStatement truth = writerDb.prepare("SELECT v FROM " + keyspace + ".cache_aside WHERE k = ?");
      try (EVCacheClient writerCache = client(writeRegion, publisherTo(readRegion));
          EVCacheClient readerCache = client(readRegion, PublisherConfig.builder().build());
          InvalidationRelay relay = relay(readRegion)) {
        DatasetCache<String> invalidations = writerCache.dataset(DATASET, ValueCodec.utf8());
        DatasetCache<String> cache = readerCache.dataset(DATASET, ValueCodec.utf8());
        Readers readers = new Readers(cache, readerDb, load);
        readers.start(4);
        for (int round = 1; round <= rounds; round++) {
          writeRound(writerDb, upsert, invalidations, round);
        }
        writerCache.flush().get();
        long target = (long) keys * rounds;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (relay.stats().operationsApplied() < target && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        // readers go on through the horizon: that is when a stale refill would happen
        Thread.sleep(horizon.toMillis());
        readers.stop();
        long stale = countStale(cache, writerDb, truth);
        return new CacheAsideResult(keys, writes.sum(), reads.sum(), horizon.toMillis(), stale, errors.sum(),
            (System.nanoTime() - start) / 1_000_000);
      }
    }
  }

  private void writeRound(CqlSession db, PreparedStatement upsert, DatasetCache<String> cache, int round)
      throws InterruptedException {
    Semaphore inFlight = new Semaphore(64);
    for (int k = 0; k < keys; k++) {
      inFlight.acquire();
      String key = key(k);
      long micros = clock.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis() * 1000));
      db.executeAsync(upsert.bind(key, "r" + round, micros)
              .setConsistencyLevel(DefaultConsistencyLevel.LOCAL_QUORUM))
          .toCompletableFuture()
          .thenCompose(rs -> cache.deleteAsync(key, WriteOptions.version(micros)))
          .whenComplete((r, e) -> {
            if (e != null) {
              errors.increment();
            } else {
              writes.increment();
            }
            inFlight.release();
          });
    }
    inFlight.acquire(64);
  }

  private long countStale(DatasetCache<String> cache, CqlSession db, PreparedStatement truth) {
    long stale = 0;
    for (int k = 0; k < keys; k++) {
      String key = key(k);
      try {
        String cached = cache.get(key);
        Row row = db.execute(truth.bind(key).setConsistencyLevel(DefaultConsistencyLevel.LOCAL_QUORUM)).one();
        String current = row == null ? null : row.getString("v");
        if (cached != null && !cached.equals(current)) {
          stale++;
        }
      } catch (RuntimeException e) {
        errors.increment();
      }
    }
    return stale;
  }

  private String key(int k) {
    return run + "-" + k;
  }

  /** Readers in the read region, each calling getOrLoad on random keys until stopped. */
  private final class Readers {
    private final DatasetCache<String> cache;
    private final CqlSession db;
    private final PreparedStatement load;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopped;

    Readers(DatasetCache<String> cache, CqlSession db, PreparedStatement load) {
      this.cache = cache;
      this.db = db;
      this.load = load;
    }

    void start(int count) {
      for (int i = 0; i < count; i++) {
        Thread t = new Thread(this::loop, "cache-aside-reader-" + i);
        t.setDaemon(true);
        threads.add(t);
        t.start();
      }
    }

    private void loop() {
      while (!stopped) {
        String key = key(ThreadLocalRandom.current().nextInt(keys));
        try {
          cache.getOrLoad(key, k -> {
            Row row = db.execute(load.bind(k).setConsistencyLevel(DefaultConsistencyLevel.LOCAL_ONE)).one();
            return row == null ? Loaded.notFound() : Loaded.of(row.getString("v"), row.getLong("wt"));
          });
          reads.increment();
        } catch (RuntimeException e) {
          errors.increment();
        }
      }
    }

    void stop() throws InterruptedException {
      stopped = true;
      for (Thread t : threads) {
        t.join();
      }
    }
  }

  private static CqlSession session(RegionEndpoints region) {
    return SafeSession.builder()
        .addContactPoint(region.cassandraNode().orElseThrow().contactPoint())
        .localDatacenter(region.name())
        .build();
  }

  private PublisherConfig publisherTo(RegionEndpoints remote) {
    return PublisherConfig.builder()
        .remoteRegion(RemoteRegion.of(remote.name(), remote.queues().queueUrl(),
            remote.queueEndpointFrom(writeRegion.name())).withAwsRegion(remote.queues().awsRegion()))
        .credentials(SandboxAws.credentials())
        .build();
  }

  private static EVCacheClient client(RegionEndpoints region, PublisherConfig publisher) {
    EVCacheClientBuilder builder = EVCacheClient.builder()
        .region(region.name())
        .localZone(region.zones().get(0).name())
        .dataset(DatasetConfig.builder(DATASET).replication(ReplicationPolicy.INVALIDATE).build())
        .publisher(publisher);
    for (ZoneEndpoint zone : region.zones()) {
      builder.zone(ZoneConfig.of(zone.name(), zone.memcachedHostPort()));
    }
    return builder.build();
  }

  private static InvalidationRelay relay(RegionEndpoints region) {
    InvalidationRelayBuilder builder = InvalidationRelay.builder()
        .region(region.name())
        .queue(region.queues().queueUrl())
        .sqsEndpoint(region.queues().endpoint())
        .credentials(SandboxAws.credentials())
        .receiveWait(Duration.ofSeconds(1));
    for (ZoneEndpoint zone : region.zones()) {
      builder.zone(zone.name(), zone.memcachedHostPort());
    }
    return builder.build().start();
  }
}
