package dev.activeactive.spring.api;

import dev.activeactive.evcache.api.DatasetConfig;
import dev.activeactive.evcache.api.LocalWriteMode;
import dev.activeactive.evcache.api.ReplicationPolicy;
import java.time.Duration;

/** One dataset ({@code active-active.cache.datasets.<name>.*}); the defaults are {@code DatasetConfig}'s. */
public class DatasetProperties {
  /**
   * Created by Spring Boot's binder, which then sets one dataset's options (active-active.cache.datasets[NAME].*)
   * from the environment; created directly (tests, programmatic set-up) it holds every option's documented default.
   */
  public DatasetProperties() {
  }

  /** What local writes do to the other regions (NONE, INVALIDATE, REPLICATE). */
  private ReplicationPolicy replication = ReplicationPolicy.INVALIDATE;

  /** How set writes the local zones (CONDITIONAL, UNCONDITIONAL). */
  private LocalWriteMode localWriteMode = LocalWriteMode.CONDITIONAL;

  /** TTL of writes and fills that give none; whole seconds, at least 1 s, or 0 for no expiry. */
  private Duration defaultTtl = DatasetConfig.DEFAULT_TTL;

  /** How long a tombstone lives (1 s to 30 days); the same in every region. */
  private Duration tombstoneTtl = DatasetConfig.DEFAULT_TOMBSTONE_TTL;

  /** Deletes remove the key instead of leaving a tombstone; only for datasets with no database behind them. */
  private boolean plainDeletes;

  /** Invalid or over-long keys are hashed instead of rejected; set it identically in every region. */
  private boolean keyHashing;

  /** After an invalidation, how long a getOrLoad whose loader gives no version waits before filling the cache. */
  private Duration fillHoldOff = DatasetConfig.DEFAULT_FILL_HOLD_OFF;

  /** Concurrent getOrLoad misses of one key in this client share one load. */
  private boolean singleFlightLoads = true;

  /** An in-process near cache in front of memcached; none unless maximum-size is set. */
  private final NearCache nearCache = new NearCache();

  public ReplicationPolicy getReplication() {
    return replication;
  }

  public void setReplication(ReplicationPolicy replication) {
    this.replication = replication;
  }

  public LocalWriteMode getLocalWriteMode() {
    return localWriteMode;
  }

  public void setLocalWriteMode(LocalWriteMode localWriteMode) {
    this.localWriteMode = localWriteMode;
  }

  public Duration getDefaultTtl() {
    return defaultTtl;
  }

  public void setDefaultTtl(Duration defaultTtl) {
    this.defaultTtl = defaultTtl;
  }

  public Duration getTombstoneTtl() {
    return tombstoneTtl;
  }

  public void setTombstoneTtl(Duration tombstoneTtl) {
    this.tombstoneTtl = tombstoneTtl;
  }

  public boolean isPlainDeletes() {
    return plainDeletes;
  }

  public void setPlainDeletes(boolean plainDeletes) {
    this.plainDeletes = plainDeletes;
  }

  public boolean isKeyHashing() {
    return keyHashing;
  }

  public void setKeyHashing(boolean keyHashing) {
    this.keyHashing = keyHashing;
  }

  public Duration getFillHoldOff() {
    return fillHoldOff;
  }

  public void setFillHoldOff(Duration fillHoldOff) {
    this.fillHoldOff = fillHoldOff;
  }

  public boolean isSingleFlightLoads() {
    return singleFlightLoads;
  }

  public void setSingleFlightLoads(boolean singleFlightLoads) {
    this.singleFlightLoads = singleFlightLoads;
  }

  public NearCache getNearCache() {
    return nearCache;
  }

  /** A dataset's near cache ({@code ...near-cache.*}). */
  public static class NearCache {
    /**
     * Created by Spring Boot's binder, which then sets a dataset's near-cache options from the environment; created
     * directly (tests, programmatic set-up) it holds every option's documented default.
     */
    public NearCache() {
    }

    /** Entries the near cache holds at most; setting it turns the near cache on. */
    private Long maximumSize;

    /** How long an entry lives: the staleness bound for writes made by other processes and regions. */
    private Duration expireAfterWrite = Duration.ofSeconds(5);

    public Long getMaximumSize() {
      return maximumSize;
    }

    public void setMaximumSize(Long maximumSize) {
      this.maximumSize = maximumSize;
    }

    public Duration getExpireAfterWrite() {
      return expireAfterWrite;
    }

    public void setExpireAfterWrite(Duration expireAfterWrite) {
      this.expireAfterWrite = expireAfterWrite;
    }
  }
}
