package dev.activeactive.protocol.api.version;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issues {@link Version}s for one region: a hybrid logical clock reduced to a single microsecond counter.
 *
 * <p>{@link #next()} returns {@code max(wall clock, last issued + 1)}, so versions from one clock are strictly
 * increasing even when the wall clock stalls or steps backwards (NTP correction), and stay close to real time
 * otherwise. {@link #observe(long)} applies the HLC receive rule: after seeing a version from another region,
 * every later local version is larger, so a write made after reading a remote value always supersedes it
 * even if this region's wall clock lags.
 *
 * <p>Lock-free and thread-safe: the state is one {@link AtomicLong}.
 *
 * <p>A remote timestamp further than {@code maxForwardSkewMicros} ahead of the local wall clock is not
 * adopted: one region with a broken clock (or a forged message) must not drag every other region's versions
 * into the future for good. Such observations are reported by the return value so the caller can count them.
 */
public final class HybridClock {

  /** Default bound on how far ahead of the local wall clock an observed remote timestamp may pull the clock. */
  public static final long DEFAULT_MAX_FORWARD_SKEW_MICROS = 60_000_000L;

  private final String region;
  private final MicrosClock wallClock;
  private final long maxForwardSkewMicros;
  private final AtomicLong last = new AtomicLong(Long.MIN_VALUE);

  /**
   * @param region the region stamped into every issued version
   * @param wallClock the wall clock, injectable for tests
   * @param maxForwardSkewMicros the largest lead over the wall clock an observed timestamp may have and still
   *     be adopted; must be positive
   */
  public HybridClock(String region, MicrosClock wallClock, long maxForwardSkewMicros) {
    this.region = Version.requireValidRegion(region);
    this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
    if (maxForwardSkewMicros <= 0) {
      throw new IllegalArgumentException("maxForwardSkewMicros must be positive: " + maxForwardSkewMicros);
    }
    this.maxForwardSkewMicros = maxForwardSkewMicros;
  }

  /** A clock on the system wall clock with the default skew bound. */
  public HybridClock(String region) {
    this(region, MicrosClock.system(), DEFAULT_MAX_FORWARD_SKEW_MICROS);
  }

  /**
   * How far ahead of the wall clock a timestamp may be: {@link #observe} ignores timestamps beyond it, and
   * writers refuse explicit versions beyond it (the appliers' rule, see {@code ApplyRules}).
   */
  public long maxForwardSkewMicros() {
    return maxForwardSkewMicros;
  }

  /** Whether a timestamp lies beyond the skew bound ahead of the wall clock now. */
  public boolean isBeyondSkewBound(long micros) {
    long wall = wallClock.nowMicros();
    return micros > wall && micros - wall > maxForwardSkewMicros;
  }

  /** The region stamped into issued versions. */
  public String region() {
    return region;
  }

  /** Issues a version strictly greater than every version issued or observed before by this clock. */
  public Version next() {
    // updateAndGet may run the function more than once under contention; reading the wall clock is harmless.
    long micros = last.updateAndGet(prev -> Math.max(wallClock.nowMicros(), prev + 1));
    return new Version(micros, region);
  }

  /**
   * Moves the clock past a timestamp seen from another region (or from a database write time), so that the
   * next issued version is larger.
   *
   * @return {@code true} if the timestamp was adopted or was already behind the clock; {@code false} if it
   *     lies more than the skew bound ahead of the local wall clock and was ignored
   */
  public boolean observe(long remoteMicros) {
    if (isBeyondSkewBound(remoteMicros)) {
      return false;
    }
    last.accumulateAndGet(remoteMicros, Math::max);
    return true;
  }

  /** Observes a version's timestamp; see {@link #observe(long)}. */
  public boolean observe(Version remote) {
    return observe(remote.timestampMicros());
  }
}
