package dev.activeactive.evcache.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything that is decided per dataset: how writes reach other regions, how they are applied locally, TTLs,
 * tombstones, key hashing, the cache-aside hold-off and the near cache. Immutable; build with
 * {@link #builder(String)}.
 *
 * <pre>{@code
 * DatasetConfig profiles = DatasetConfig.builder("profiles")
 *     .replication(ReplicationPolicy.REPLICATE)
 *     .defaultTtl(Duration.ofHours(1))
 *     .nearCache(NearCacheConfig.of(10_000, Duration.ofSeconds(5)))
 *     .build();
 * }</pre>
 *
 * <p>The dataset name prefixes every memcached key ({@code dataset:key}) in every region, and the relay applies
 * removals with the tombstone rules given here: configure a dataset identically in every region and in the relay
 * ({@code tombstoneTtl}, {@code plainDeletes}, {@code keyHashing}).
 */
public final class DatasetConfig {

  /** Default TTL of values: 1 hour. */
  public static final Duration DEFAULT_TTL = Duration.ofHours(1);

  /** Default tombstone lifetime: 60 seconds (the relay's default too). */
  public static final Duration DEFAULT_TOMBSTONE_TTL = Duration.ofSeconds(60);

  /** Default fill hold-off for unversioned loads after an invalidation: 2 seconds. */
  public static final Duration DEFAULT_FILL_HOLD_OFF = Duration.ofSeconds(2);

  private static final long MAX_RELATIVE_SECONDS = 30L * 24 * 3600;

  private final String name;
  private final ReplicationPolicy replication;
  private final LocalWriteMode localWriteMode;
  private final Duration defaultTtl;
  private final Duration tombstoneTtl;
  private final boolean plainDeletes;
  private final boolean keyHashing;
  private final Duration fillHoldOff;
  private final NearCacheConfig nearCache;
  private final boolean singleFlightLoads;

  private DatasetConfig(Builder b) {
    this.name = b.name;
    this.replication = b.replication;
    this.localWriteMode = b.localWriteMode;
    this.defaultTtl = b.defaultTtl;
    this.tombstoneTtl = b.tombstoneTtl;
    this.plainDeletes = b.plainDeletes;
    this.keyHashing = b.keyHashing;
    this.fillHoldOff = b.fillHoldOff;
    this.nearCache = b.nearCache;
    this.singleFlightLoads = b.singleFlightLoads;
  }

  /** Starts a dataset configuration; {@code name} is 1-64 characters of {@code [A-Za-z0-9._-]}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The dataset name, the prefix of its memcached keys. */
  public String name() {
    return name;
  }

  /** What local writes do to other regions. Default {@link ReplicationPolicy#INVALIDATE}. */
  public ReplicationPolicy replication() {
    return replication;
  }

  /** How {@code set} writes the local zones. Default {@link LocalWriteMode#CONDITIONAL}. */
  public LocalWriteMode localWriteMode() {
    return localWriteMode;
  }

  /** TTL of writes and fills that do not give one. Default {@link #DEFAULT_TTL}; zero means no expiry. */
  public Duration defaultTtl() {
    return defaultTtl;
  }

  /** How long a tombstone lives. Default {@link #DEFAULT_TOMBSTONE_TTL}. */
  public Duration tombstoneTtl() {
    return tombstoneTtl;
  }

  /** Whether deletes and invalidations remove the key instead of leaving a tombstone. Default {@code false}. */
  public boolean plainDeletes() {
    return plainDeletes;
  }

  /** Whether invalid or over-long keys are hashed instead of rejected. Default {@code false}. */
  public boolean keyHashing() {
    return keyHashing;
  }

  /** How old a tombstone must be before an unversioned load may replace it. Default {@link #DEFAULT_FILL_HOLD_OFF}. */
  public Duration fillHoldOff() {
    return fillHoldOff;
  }

  /** The near cache, if the dataset has one. Default none. */
  public Optional<NearCacheConfig> nearCache() {
    return Optional.ofNullable(nearCache);
  }

  /** Whether concurrent {@code getOrLoad} misses of one key in this client share one load. Default {@code true}. */
  public boolean singleFlightLoads() {
    return singleFlightLoads;
  }

  @Override
  public String toString() {
    return "DatasetConfig{name=" + name + ", replication=" + replication + ", localWriteMode=" + localWriteMode
        + ", defaultTtl=" + defaultTtl + ", tombstoneTtl=" + tombstoneTtl + ", plainDeletes=" + plainDeletes
        + ", keyHashing=" + keyHashing + ", fillHoldOff=" + fillHoldOff + ", nearCache=" + nearCache + ", singleFlightLoads=" + singleFlightLoads + "}";
  }

  /** Builds a {@link DatasetConfig}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private ReplicationPolicy replication = ReplicationPolicy.INVALIDATE;
    private LocalWriteMode localWriteMode = LocalWriteMode.CONDITIONAL;
    private Duration defaultTtl = DEFAULT_TTL;
    private Duration tombstoneTtl = DEFAULT_TOMBSTONE_TTL;
    private boolean plainDeletes;
    private boolean keyHashing;
    private Duration fillHoldOff = DEFAULT_FILL_HOLD_OFF;
    private boolean singleFlightLoads = true;
    private NearCacheConfig nearCache;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /** What local writes do to other regions; default {@link ReplicationPolicy#INVALIDATE}. */
    public Builder replication(ReplicationPolicy policy) {
      this.replication = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** How {@code set} writes the local zones; default {@link LocalWriteMode#CONDITIONAL}. */
    public Builder localWriteMode(LocalWriteMode mode) {
      this.localWriteMode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * TTL for writes and fills that do not give one; default 1 hour. {@link Duration#ZERO} means the entries do
     * not expire (they are still evicted under memory pressure). Whole seconds (a fraction is cut off); at least
     * 1 s unless zero, at most about 68 years.
     */
    public Builder defaultTtl(Duration ttl) {
      this.defaultTtl = Objects.requireNonNull(ttl, "ttl");
      return this;
    }

    /**
     * How long a tombstone (left by a delete or an invalidation) lives; default 60 s, between 1 s and 30 days.
     * While it lives it keeps late, older replicated values and stale cache-aside fills out; make it longer than
     * the database's replication lag, the fill hold-off, and how long a message can wait in the queue (the relay's
     * visibility timeout times its maxReceiveCount). Use the same value in the relay.
     */
    public Builder tombstoneTtl(Duration ttl) {
      this.tombstoneTtl = Objects.requireNonNull(ttl, "ttl");
      return this;
    }

    /**
     * Deletes and invalidations remove the key instead of leaving a tombstone; default {@code false}. Only for
     * datasets with no database behind them: without tombstones, a stale refill or a late older replicated value
     * can bring an old value back. Use the same value in the relay.
     */
    public Builder plainDeletes(boolean plainDeletes) {
      this.plainDeletes = plainDeletes;
      return this;
    }

    /**
     * Keys that are not valid memcached keys (over 250 bytes with the dataset prefix, whitespace, control
     * characters), and keys starting with {@code #}, are replaced by a SHA-256 hash instead of being rejected;
     * default {@code false}. Set it identically in every region before the dataset is first used.
     */
    public Builder keyHashing(boolean keyHashing) {
      this.keyHashing = keyHashing;
      return this;
    }

    /**
     * After an invalidation, how long a {@code getOrLoad} whose loader gives no version waits before filling the
     * cache (it still returns the loaded value at once); default 2 s, like Facebook's delete hold-off. Make it
     * longer than the database's usual cross-region replication lag, and shorter than the tombstone TTL.
     */
    public Builder fillHoldOff(Duration holdOff) {
      this.fillHoldOff = Objects.requireNonNull(holdOff, "holdOff");
      return this;
    }

    /**
     * Concurrent {@code getOrLoad} misses of one key in this client call the loader once and all get its result
     * (or its failure); default {@code true}, so a thundering herd of misses on a hot key does not reach the
     * database, as with Caffeine's loading cache. Other clients and regions still load on their own. {@code false}
     * calls the loader for every miss.
     */
    public Builder singleFlightLoads(boolean singleFlight) {
      this.singleFlightLoads = singleFlight;
      return this;
    }

    /** Puts a near cache in front of memcached for this dataset; default none. {@code null} removes it. */
    public Builder nearCache(NearCacheConfig nearCache) {
      this.nearCache = nearCache;
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalArgumentException if the name or a duration is out of range
     */
    public DatasetConfig build() {
      dev.activeactive.protocol.api.key.DatasetNames.requireValid(name);
      if (defaultTtl.isNegative() || defaultTtl.getSeconds() > 0xFFFF_FFFFL / 2) {
        throw new IllegalArgumentException("dataset '" + name + "': defaultTtl must be zero or positive: "
            + defaultTtl);
      }
      if (!defaultTtl.isZero() && defaultTtl.getSeconds() == 0) {
        // memcached's expiry is whole seconds, and 0 means never: a 500 ms TTL must not become "never expire"
        throw new IllegalArgumentException("dataset '" + name + "': defaultTtl is whole seconds (memcached's"
            + " resolution); use at least 1 s, or Duration.ZERO for no expiry: " + defaultTtl);
      }
      if (tombstoneTtl.getSeconds() < 1 || tombstoneTtl.getSeconds() > MAX_RELATIVE_SECONDS) {
        throw new IllegalArgumentException("dataset '" + name + "': tombstoneTtl must be 1 s to 30 days: "
            + tombstoneTtl);
      }
      if (fillHoldOff.isNegative()) {
        throw new IllegalArgumentException("dataset '" + name + "': fillHoldOff must not be negative: "
            + fillHoldOff);
      }
      return new DatasetConfig(this);
    }
  }
}
