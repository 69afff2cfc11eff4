package dev.activeactive.evcache.internal.client;

import dev.activeactive.evcache.api.EVCacheException;
import dev.activeactive.evcache.api.WriteOptions;
import dev.activeactive.evcache.internal.publish.Publisher;
import dev.activeactive.protocol.api.version.HybridClock;
import dev.activeactive.protocol.api.version.MicrosClock;
import dev.activeactive.protocol.api.version.Version;
import dev.activeactive.protocol.api.wire.EnvelopeCodec;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** What every dataset of one client shares: region, clock, zones, publisher, events, limits, the closed flag. */
final class ClientCore {

  /** memcached's own per-item bytes (item header, CAS, suffix), rounded up generously. */
  static final int MEMCACHED_ITEM_OVERHEAD = 128;

  /** memcached reads a larger expiry as an absolute Unix time. */
  static final long MAX_RELATIVE_EXPIRY_SECONDS = 30L * 24 * 3600;

  final String region;
  final HybridClock clock;
  final MicrosClock wallClock;
  final ZoneGroup zones;
  final Publisher publisher;
  final ClientEvents events;
  final int maxItemBytes;
  final int casAttempts;
  final ConditionalWrite conditional;
  /** The CAS ids of the items this client last stored or read, for one-round-trip conditional writes. */
  final OwnWrites own;
  /** Applies completed writes again to the zones that missed them. */
  final ZoneRepairs repairs;
  /** One conditional write per key in flight from this client (shared by every handle of every dataset). */
  final KeyLanes lanes = new KeyLanes();
  private final int safePayloadBytes;
  private volatile boolean closed;

  ClientCore(String region, HybridClock clock, MicrosClock wallClock, ZoneGroup zones, Publisher publisher,
      ClientEvents events, int maxItemBytes, int casAttempts, OwnWrites own) {
    this.region = Objects.requireNonNull(region, "region");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
    this.zones = Objects.requireNonNull(zones, "zones");
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.events = Objects.requireNonNull(events, "events");
    this.maxItemBytes = maxItemBytes;
    this.casAttempts = casAttempts;
    this.own = Objects.requireNonNull(own, "own");
    this.repairs = new ZoneRepairs(zones.zones());
    this.conditional = new ConditionalWrite(clock, wallClock, casAttempts, own);
    // no key can make an item larger than this payload too large: 250-byte key, 64-character region
    this.safePayloadBytes = maxItemBytes - MEMCACHED_ITEM_OVERHEAD - EnvelopeCodec.overhead("x".repeat(64)) - 250;
  }

  void checkOpen() {
    if (closed) {
      throw new EVCacheException("the client is closed");
    }
  }

  void markClosed() {
    closed = true;
  }

  boolean isClosed() {
    return closed;
  }

  /**
   * The version of a local write: explicit, or the next from the clock.
   *
   * @throws IllegalArgumentException if an explicit version lies beyond the skew bound ahead of this host's clock:
   *     it would beat every later write and delete in every region, and the relays would refuse it
   */
  Version version(WriteOptions options) {
    if (options.versionMicros().isPresent()) {
      long micros = options.versionMicros().getAsLong();
      if (clock.isBeyondSkewBound(micros)) {
        throw new IllegalArgumentException("explicit version " + micros + " is "
            + (micros - wallClock.nowMicros()) / 1_000_000 + " s ahead of this host's clock, more than maxClockSkew ("
            + clock.maxForwardSkewMicros() / 1_000_000 + " s) allows. Versions are microseconds since the epoch "
            + "(a database write time in nanoseconds or a future time is the usual mistake); nothing was written.");
      }
      clock.observe(micros);
      return new Version(micros, region);
    }
    return clock.next();
  }

  /**
   * Refuses a value whose memcached item would exceed the item size limit.
   *
   * @throws IllegalArgumentException naming the dataset, the sizes and the limit (never the key or value)
   */
  void checkItemSize(String dataset, String memcachedKey, int payloadBytes) {
    if (payloadBytes <= safePayloadBytes) {
      return;
    }
    int keyBytes = memcachedKey.getBytes(StandardCharsets.UTF_8).length;
    int max = maxItemBytes - MEMCACHED_ITEM_OVERHEAD - EnvelopeCodec.overhead(region) - keyBytes;
    if (payloadBytes > max) {
      throw new IllegalArgumentException("Value of " + payloadBytes + " bytes for dataset '" + dataset
          + "' does not fit into a memcached item: at most " + max + " bytes fit (item limit " + maxItemBytes
          + " bytes, minus the key, the version envelope and memcached's item header). Store a smaller or"
          + " compressed value, or raise maxItemBytes together with memcached's -I option.");
    }
  }

  long nowEpochSeconds() {
    return wallClock.nowMicros() / 1_000_000L;
  }

  /** The absolute expiry (epoch seconds, 0 = never) of a TTL starting now. */
  long absoluteExpiry(long ttlSeconds) {
    return ttlSeconds == 0 ? 0 : nowEpochSeconds() + ttlSeconds;
  }

  /** A TTL as memcached's expiry argument: relative up to 30 days, absolute beyond. */
  int memcachedExpiry(long ttlSeconds) {
    if (ttlSeconds <= MAX_RELATIVE_EXPIRY_SECONDS) {
      return (int) ttlSeconds;
    }
    return (int) Math.min(nowEpochSeconds() + ttlSeconds, Integer.MAX_VALUE);
  }

  /** Waits for a future; failures become {@link EVCacheException}s (kept as they are when they already are). */
  static <T> T join(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw unwrap(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EVCacheException("interrupted while waiting for the cache", e);
    }
  }

  /** A failure as an unchecked exception for callers: EVCache and argument exceptions pass, others are wrapped. */
  static RuntimeException unwrap(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof EVCacheException e) {
      return e;
    }
    if (t instanceof IllegalArgumentException e) {
      return e;
    }
    return new EVCacheException("cache operation failed (" + t.getClass().getSimpleName() + ")", t);
  }
}
