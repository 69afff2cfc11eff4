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
 * @param visibleAtDelay records whose write was visible in the read region at the delay
 * @param missingAtDelay records whose write was not (written successfully, read successfully, not there)
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
 * @param lateReads reads issued more than 10 ms after their due time (the reader could not keep up)
 * @param maxReadLatenessMs the largest such lateness
 * @param durationMs the whole run
 */
public record ProbeResult(
    String mode,
    long records,
    long delayMs,
    String anchor,
    String writeRegion,
    String readRegion,
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
    long lateReads,
    double maxReadLatenessMs,
    long durationMs) {

  public ProbeResult {
    curve = List.copyOf(curve);
    lagHistogram = List.copyOf(lagHistogram);
  }

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
