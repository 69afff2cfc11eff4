package dev.activeactive.examples.region;

import dev.activeactive.evcache.api.DatasetConfig;
import dev.activeactive.evcache.api.ReplicationPolicy;
import java.time.Duration;

/**
 * The service's two cache datasets, defined once so that the cache client and the relay of every region use the
 * same rules (the relay must apply a dataset's removals with the client's tombstone settings).
 */
public final class Datasets {

  /** Viewing history entries, in front of Cassandra: other regions drop the entry and reload it. */
  public static final String HISTORY = "history";

  /** What users are watching now, only in the cache: other regions receive the value. */
  public static final String NOW_PLAYING = "now-playing";

  /**
   * How long a tombstone keeps stale values out. It must outlast the time an invalidation can wait in a queue
   * (the relay's visibility timeout, 10 s, times the queue's 5 receives) and Cassandra's replication lag.
   */
  static final Duration TOMBSTONE_TTL = Duration.ofSeconds(60);

  private Datasets() {}

  /** The history dataset: {@code INVALIDATE}, entries live an hour. */
  public static DatasetConfig history() {
    return DatasetConfig.builder(HISTORY)
        .replication(ReplicationPolicy.INVALIDATE)
        .defaultTtl(Duration.ofHours(1))
        .tombstoneTtl(TOMBSTONE_TTL)
        .build();
  }

  /** The now-playing dataset: {@code REPLICATE}, values live four hours (about a long film session). */
  public static DatasetConfig nowPlaying() {
    return DatasetConfig.builder(NOW_PLAYING)
        .replication(ReplicationPolicy.REPLICATE)
        .defaultTtl(Duration.ofHours(4))
        .tombstoneTtl(TOMBSTONE_TTL)
        .build();
  }
}
