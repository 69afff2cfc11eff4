package dev.activeactive.dualwrite.api;

import java.nio.file.Path;
import java.util.Map;

/**
 * The durable record of writes a target missed. Each entry holds the whole write: the CQL of every statement,
 * the bound values as the bytes sent to Cassandra, the write timestamp, the consistency level and the target.
 * Entries are appended and forced to disk before the write's future completes, survive a restart, and leave
 * the log only after {@link DualWriter#replayFailedWrites()} applied them.
 *
 * <p>Obtain it from {@link DualWriter#failedWrites()}. Thread-safe.
 */
public interface FailedWriteLog {

  /** The folder holding the log's segment files. */
  Path directory();

  /** How many writes wait for a replay, over all targets. */
  long size();

  /** How many writes wait for a replay, per target name (targets with none are left out). */
  Map<String, Long> sizeByTarget();
}
