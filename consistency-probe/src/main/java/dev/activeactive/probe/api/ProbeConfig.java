package dev.activeactive.probe.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one probe run does. Build it with {@link #builder()}; every option has the default of Netflix's
 * experiment (1,000,000 records, read 500 ms after the write, LOCAL_QUORUM writes, LOCAL_ONE reads).
 *
 * @param mode which path to measure
 * @param records how many records to write
 * @param delay how long after the write (see {@link #anchor}) each record is read in the other region
 * @param anchor what the delay is measured from
 * @param concurrency writes in flight at once (reads at the delay have the same limit)
 * @param writesPerSecond a cap on the write rate; 0 means as fast as the concurrency allows
 * @param writeRegion the region (datacenter) written
 * @param readRegion the region (datacenter) read
 * @param keyspace the Cassandra keyspace holding the probe's table
 * @param writeConsistency the consistency level of writes, e.g. {@code LOCAL_QUORUM}
 * @param readConsistency the consistency level of reads, e.g. {@code LOCAL_ONE}
 * @param lagSamples how many records, spread over the run, are polled from the moment their write is
 *     acknowledged until visible, to measure the lag distribution and the visibility curve
 * @param lagPollInterval how often a sampled record is polled
 * @param lagHorizon how long a sampled record is polled before it counts as not visible
 * @param curvePoints the t values of the curve P(visible at t)
 * @param backgroundOpsPerSecond extra read/write load on both regions during the run ("production-level load");
 *     0 for none
 * @param cachePolicy in cache mode, {@code INVALIDATE} or {@code REPLICATE}
 * @param maxMissing the run fails (non-zero exit) when more records than this are missing at the delay
 * @param onTimeTolerance a read at the delay counts for the verdict only if issued at most this long after its
 *     due time; later reads are reported apart
 * @param minOnTimeRatio the run fails when a smaller share of reads at the delay was on time (the verdict would
 *     rest on too few reads)
 * @param followUpHorizon how long after its acknowledgement a record missing at the delay is polled
 * @param rowTtl the TTL of every row the probe writes (Cassandra {@code USING TTL}); zero for none
 * @param deleteRowsAtEnd delete the run's rows when it ends (Cassandra path)
 * @param wanProfile the name of the WAN profile between the regions, for the report
 */
public record ProbeConfig(
    ProbeMode mode,
    long records,
    Duration delay,
    DelayAnchor anchor,
    int concurrency,
    int writesPerSecond,
    String writeRegion,
    String readRegion,
    String keyspace,
    String writeConsistency,
    String readConsistency,
    int lagSamples,
    Duration lagPollInterval,
    Duration lagHorizon,
    List<Duration> curvePoints,
    int backgroundOpsPerSecond,
    String cachePolicy,
    long maxMissing,
    Duration onTimeTolerance,
    double minOnTimeRatio,
    Duration followUpHorizon,
    Duration rowTtl,
    boolean deleteRowsAtEnd,
    String wanProfile) {

  public ProbeConfig {
    Objects.requireNonNull(mode, "mode");
    if (records < 1) {
      throw new IllegalArgumentException("records must be at least 1, got " + records);
    }
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative, got " + delay);
    }
    Objects.requireNonNull(anchor, "anchor");
    if (concurrency < 1 || concurrency > 65_536) {
      throw new IllegalArgumentException("concurrency must be 1..65536, got " + concurrency);
    }
    if (writesPerSecond < 0 || backgroundOpsPerSecond < 0) {
      throw new IllegalArgumentException("rates must not be negative");
    }
    if (writeRegion.equals(readRegion)) {
      throw new IllegalArgumentException("write and read regions must differ, both are " + writeRegion);
    }
    if (lagSamples < 0) {
      throw new IllegalArgumentException("lagSamples must not be negative, got " + lagSamples);
    }
    if (lagPollInterval.isZero() || lagPollInterval.isNegative() || lagHorizon.compareTo(lagPollInterval) < 0) {
      throw new IllegalArgumentException("lagPollInterval must be positive and lagHorizon at least as long");
    }
    curvePoints = curvePoints.stream().sorted().distinct().toList();
    if (curvePoints.isEmpty() || curvePoints.get(0).isNegative()) {
      throw new IllegalArgumentException("curvePoints must hold at least one non-negative time");
    }
    if (!cachePolicy.equals("INVALIDATE") && !cachePolicy.equals("REPLICATE")) {
      throw new IllegalArgumentException("cachePolicy must be INVALIDATE or REPLICATE, got " + cachePolicy);
    }
    if (maxMissing < 0) {
      throw new IllegalArgumentException("maxMissing must not be negative, got " + maxMissing);
    }
    if (onTimeTolerance.isNegative()) {
      throw new IllegalArgumentException("onTimeTolerance must not be negative, got " + onTimeTolerance);
    }
    if (minOnTimeRatio < 0 || minOnTimeRatio > 1) {
      throw new IllegalArgumentException("minOnTimeRatio must be 0..1, got " + minOnTimeRatio);
    }
    if (followUpHorizon.compareTo(delay) < 0) {
      throw new IllegalArgumentException("followUpHorizon must be at least the delay, got " + followUpHorizon);
    }
    if (rowTtl.isNegative() || rowTtl.toSeconds() > MAX_TTL_SECONDS) {
      throw new IllegalArgumentException("rowTtl must be 0 (none) up to 20 years (Cassandra's limit), got " + rowTtl);
    }
    Objects.requireNonNull(wanProfile, "wanProfile");
  }

  /** Cassandra's largest TTL, 20 years. */
  public static final long MAX_TTL_SECONDS = 630_720_000L;

  /** The sampled records: {@code min(records, lagSamples)}. */
  public long effectiveSamples() {
    return Math.min(records, lagSamples);
  }

  /**
   * The default sample size for a run of {@code records}: 1 % of the records, between 100 and 2,000. Each sample
   * is polled every {@link #lagPollInterval} until visible, so sampling more would load the read region more
   * than the experiment itself does.
   */
  public static int defaultLagSamples(long records) {
    return (int) Math.min(records, Math.max(100, Math.min(2_000, records / 100)));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A copy with another mode. */
  public ProbeConfig withMode(ProbeMode other) {
    return new ProbeConfig(other, records, delay, anchor, concurrency, writesPerSecond, writeRegion, readRegion,
        keyspace, writeConsistency, readConsistency, lagSamples, lagPollInterval, lagHorizon, curvePoints,
        backgroundOpsPerSecond, cachePolicy, maxMissing, onTimeTolerance, minOnTimeRatio, followUpHorizon, rowTtl,
        deleteRowsAtEnd, wanProfile);
  }

  /** Builds a {@link ProbeConfig}; see the record's components for each option. */
  public static final class Builder {
    private ProbeMode mode = ProbeMode.CASSANDRA;
    private long records = 1_000_000;
    private Duration delay = Duration.ofMillis(500);
    private DelayAnchor anchor = DelayAnchor.PER_RECORD;
    private int concurrency = 256;
    private int writesPerSecond;
    private String writeRegion = "us-east-1";
    private String readRegion = "us-west-2";
    private String keyspace = "consistency_probe";
    private String writeConsistency = "LOCAL_QUORUM";
    private String readConsistency = "LOCAL_ONE";
    private int lagSamples = -1;
    private Duration lagPollInterval = Duration.ofMillis(2);
    private Duration lagHorizon = Duration.ofSeconds(5);
    private List<Duration> curvePoints = List.of(0L, 5L, 10L, 25L, 50L, 100L, 250L, 500L, 1000L).stream()
        .map(Duration::ofMillis).toList();
    private int backgroundOpsPerSecond;
    private String cachePolicy = "INVALIDATE";
    private long maxMissing;
    private Duration onTimeTolerance = Duration.ofMillis(10);
    private double minOnTimeRatio = 0.95;
    private Duration followUpHorizon = Duration.ofSeconds(60);
    private Duration rowTtl = Duration.ofDays(1);
    private boolean deleteRowsAtEnd;
    private String wanProfile = "unknown";

    public Builder mode(ProbeMode v) { mode = v; return this; }
    public Builder records(long v) { records = v; return this; }
    public Builder delay(Duration v) { delay = v; return this; }
    public Builder anchor(DelayAnchor v) { anchor = v; return this; }
    public Builder concurrency(int v) { concurrency = v; return this; }
    public Builder writesPerSecond(int v) { writesPerSecond = v; return this; }
    public Builder writeRegion(String v) { writeRegion = v; return this; }
    public Builder readRegion(String v) { readRegion = v; return this; }
    public Builder keyspace(String v) { keyspace = v; return this; }
    public Builder writeConsistency(String v) { writeConsistency = v; return this; }
    public Builder readConsistency(String v) { readConsistency = v; return this; }
    public Builder lagSamples(int v) { lagSamples = v; return this; }
    public Builder lagPollInterval(Duration v) { lagPollInterval = v; return this; }
    public Builder lagHorizon(Duration v) { lagHorizon = v; return this; }
    public Builder curvePoints(List<Duration> v) { curvePoints = v; return this; }
    public Builder backgroundOpsPerSecond(int v) { backgroundOpsPerSecond = v; return this; }
    public Builder cachePolicy(String v) { cachePolicy = v; return this; }
    public Builder maxMissing(long v) { maxMissing = v; return this; }
    public Builder onTimeTolerance(Duration v) { onTimeTolerance = v; return this; }
    public Builder minOnTimeRatio(double v) { minOnTimeRatio = v; return this; }
    public Builder followUpHorizon(Duration v) { followUpHorizon = v; return this; }
    public Builder rowTtl(Duration v) { rowTtl = v; return this; }
    public Builder deleteRowsAtEnd(boolean v) { deleteRowsAtEnd = v; return this; }
    public Builder wanProfile(String v) { wanProfile = v; return this; }

    public ProbeConfig build() {
      return new ProbeConfig(mode, records, delay, anchor, concurrency, writesPerSecond, writeRegion, readRegion,
          keyspace, writeConsistency, readConsistency, lagSamples < 0 ? defaultLagSamples(records) : lagSamples,
          lagPollInterval, lagHorizon, curvePoints, backgroundOpsPerSecond, cachePolicy, maxMissing, onTimeTolerance,
          minOnTimeRatio, followUpHorizon, rowTtl, deleteRowsAtEnd, wanProfile);
    }
  }
}
