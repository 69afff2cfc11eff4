package dev.activeactive.probe.api;

import java.util.List;

/**
 * The outcome of one probe run over one path. Serialised as the {@code --json} report; the field names are that
 * report's keys.
 *
 * @param mode {@code cassandra} or {@code cache}
 * @param records records written
 * @param delayMs the read delay
 * @param anchor what the delay was measured from
 * @param writeRegion the region written
 * @param readRegion the region read
 * @param parameters what the run was asked to do and where it ran
 * @param visibleAtDelay records whose write was visible to a read issued on time at the delay
 * @param missingAtDelay records whose write was not (written, read on time, not there); the verdict counts these
 * @param lagMs the lag from write acknowledgement to first successful remote read, over the sampled records
 * @param lagSamples how many records were sampled for the lag
 * @param notVisibleWithinHorizon sampled records still not visible after the horizon
 * @param curve P(visible at t), from the sampled records
 * @param lagHistogram the lag distribution as buckets, for charts
 * @param writeLatencyMs write latency percentiles
 * @param readLatencyMs read latency percentiles
 * @param writeOpsPerSec achieved write throughput over the write phase
 * @param readOpsPerSec achieved read throughput over the read phase
 * @param errors failed writes and reads (a failed write is not read; a failed read is neither visible nor missing)
 * @param timeouts failures that were timeouts (included in errors)
 * @param onTimeToleranceMs a read at the delay counts only if issued at most this long after its due time
 * @param onTimeReads reads issued on time and answered: {@code visibleAtDelay + missingAtDelay}
 * @param lateReads reads issued later than the tolerance; their outcome is not in the verdict
 * @param lateVisible of the late reads, how many saw the record
 * @param lateMissing of the late reads, how many did not
 * @param maxReadLatenessMs the largest lateness of a late read
 * @param followUp what became of the records missing at the delay
 * @param timeline the run second by second
 * @param durationMs the whole run
 */
public record ProbeResult(
    String mode,
    long records,
    long delayMs,
    String anchor,
    String writeRegion,
    String readRegion,
    RunParameters parameters,
    long visibleAtDelay,
    long missingAtDelay,
    Percentiles lagMs,
    long lagSamples,
    long notVisibleWithinHorizon,
    List<CurvePoint> curve,
    List<HistogramBucket> lagHistogram,
    Percentiles writeLatencyMs,
    Percentiles readLatencyMs,
    double writeOpsPerSec,
    double readOpsPerSec,
    long errors,
    long timeouts,
    long onTimeToleranceMs,
    long onTimeReads,
    long lateReads,
    long lateVisible,
    long lateMissing,
    double maxReadLatenessMs,
    FollowUp followUp,
    List<TimelinePoint> timeline,
    long durationMs) {

  public ProbeResult {
    curve = List.copyOf(curve);
    lagHistogram = List.copyOf(lagHistogram);
    timeline = List.copyOf(timeline);
  }

  /** The share of reads at the delay that were issued on time (1 when there were none). */
  public double onTimeRatio() {
    long all = onTimeReads + lateReads;
    return all == 0 ? 1 : onTimeReads / (double) all;
  }

  /**
   * What the run was asked to do and where it ran, for the report's header.
   *
   * @param concurrency requests in flight
   * @param writeRateCap the writes-per-second cap asked for; 0 for none
   * @param writeConsistency consistency level of writes
   * @param readConsistency consistency level of reads
   * @param wanProfile the sandbox's WAN profile between the regions, or {@code real clusters}
   * @param rowTtlSeconds the TTL of the probe's rows; 0 for none
   * @param cores processors available to the probe's JVM
   * @param javaVersion the probe's Java runtime
   * @param probeVersion the probe's version
   */
  public record RunParameters(int concurrency, int writeRateCap, String writeConsistency, String readConsistency,
      String wanProfile, long rowTtlSeconds, int cores, String javaVersion, String probeVersion) {}

  /**
   * The follow-up of the records missing at the delay: each is polled until visible or the horizon.
   *
   * @param missed records followed up (those missing at the delay)
   * @param becameVisible of them, how many became visible within the horizon
   * @param neverVisible how many did not
   * @param horizonMs how long after its acknowledgement a record was polled
   * @param lagMs the lag (acknowledgement to first read that saw it) of those that became visible
   * @param sample up to 20 of them by id, with their times
   */
  public record FollowUp(long missed, long becameVisible, long neverVisible, double horizonMs, Percentiles lagMs,
      List<MissedRecord> sample) {
    public FollowUp {
      sample = List.copyOf(sample);
    }
  }

  /**
   * One record that was missing at the delay.
   *
   * @param id the record's id (the row key within the run)
   * @param ackAtMs when its write was acknowledged, ms after the run started
   * @param missedAtMs how long after the acknowledgement the read that missed it was issued
   * @param visibleAfterMs its lag: when after the acknowledgement a read first saw it; -1 if never
   */
  public record MissedRecord(long id, double ackAtMs, double missedAtMs, double visibleAfterMs) {}

  /**
   * One second of the run.
   *
   * @param second seconds since the run started
   * @param writes writes acknowledged in that second
   * @param onTimeReads reads at the delay issued on time in it
   * @param lateReads reads at the delay issued late in it
   * @param misses on-time reads in it that did not see their record
   * @param maxLagMs the largest lag among the samples acknowledged in it; -1 when there were none
   */
  public record TimelinePoint(long second, long writes, long onTimeReads, long lateReads, long misses,
      double maxLagMs) {}

  /**
   * Distribution summary in milliseconds.
   *
   * @param p50 median
   * @param p90 90th percentile
   * @param p99 99th percentile
   * @param p999 99.9th percentile
   * @param max largest value
   */
  public record Percentiles(double p50, double p90, double p99, double p999, double max) {}

  /**
   * One point of the visibility curve.
   *
   * @param tMs time after the write's acknowledgement
   * @param fraction fraction of sampled records visible to a read started then
   */
  public record CurvePoint(long tMs, double fraction) {}

  /**
   * One bucket of a histogram.
   *
   * @param upToMs upper bound of the bucket
   * @param count values in it
   */
  public record HistogramBucket(double upToMs, long count) {}
}
