package dev.activeactive.dualwrite.api;

import java.util.List;
import java.util.Map;

/**
 * A dual write failed for the caller. {@link #failures()} says which target failed and why (the driver's own
 * exception); {@link #recordedFor()} says which failed targets got the write recorded in the failed-write log,
 * which happens when the other target succeeded: a later replay brings them level, so retrying is safe but not
 * required. When nothing was recorded (both targets failed), the write reached neither and the caller should
 * retry or give up as with any failed Cassandra write.
 */
public class DualWriteException extends RuntimeException {
  private final transient Map<String, Throwable> failures;
  /** The failed targets whose write was recorded for a replay; see {@link #recordedFor()}. */
  private final List<String> recordedFor;
  /** The write's timestamp in microseconds since the epoch; see {@link #writeTimestamp()}. */
  private final long writeTimestamp;

  /**
   * @param message what happened and what the caller may do
   * @param failures the error of each failed target, by target name
   * @param recordedFor the failed targets whose write was recorded for a replay
   * @param writeTimestamp the write's timestamp in microseconds
   */
  public DualWriteException(String message, Map<String, Throwable> failures, List<String> recordedFor,
      long writeTimestamp) {
    super(message, failures.values().stream().findFirst().orElse(null));
    this.failures = Map.copyOf(failures);
    this.recordedFor = List.copyOf(recordedFor);
    this.writeTimestamp = writeTimestamp;
    failures.values().stream().skip(1).forEach(this::addSuppressed);
  }

  /** For each failed target's name, the error it returned. */
  public Map<String, Throwable> failures() {
    return failures;
  }

  /** Names of the failed targets whose write is in the failed-write log and will be replayed. */
  public List<String> recordedFor() {
    return recordedFor;
  }

  /** The write timestamp the write carried (microseconds since the epoch). */
  public long writeTimestamp() {
    return writeTimestamp;
  }
}
