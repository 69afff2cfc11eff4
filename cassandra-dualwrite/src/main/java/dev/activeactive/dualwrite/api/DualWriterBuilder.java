package dev.activeactive.dualwrite.api;

import dev.activeactive.dualwrite.internal.write.DefaultDualWriter;
import dev.activeactive.dualwrite.internal.write.SingleTargetWriter;
import dev.activeactive.dualwrite.internal.write.WriterConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Configures a {@link DualWriter}. Required: {@link #primary}, {@link #secondary} and {@link #failedWriteLog}.
 *
 * <p><b>Single target.</b> A service that is not migrating gives only {@link #primary} (no secondary, no
 * failed-write log, no shadow reads): it gets the same write timestamps, keyspace handling and
 * {@code dualwrite.requests} metrics with one target, in mode {@link WriteMode#PRIMARY_ONLY} for good. It can
 * later become a dual writer by adding {@link #secondary} and {@link #failedWriteLog}; statements stay the same.
 *
 * <p>Builders are not thread-safe; writers are.
 */
public final class DualWriterBuilder {
  private Target primary;
  private Target secondary;
  private WriteMode mode;
  private Path failedWriteLog;
  private MeterRegistry meterRegistry;
  private double shadowReadRatio;
  private String name = "dualwrite";
  private LongSupplier timestampSource;

  DualWriterBuilder() {}

  /** The target reads go to and whose result decides the caller's outcome. Required. */
  public DualWriterBuilder primary(Target target) {
    this.primary = Objects.requireNonNull(target, "target");
    return this;
  }

  /** The other target. Required for a dual writer (see the class comment for one target); must differ from the primary in name and in keyspace-plus-session. */
  public DualWriterBuilder secondary(Target target) {
    this.secondary = Objects.requireNonNull(target, "target");
    return this;
  }

  /** The mode to start in; {@link WriteMode#DUAL} by default ({@code PRIMARY_ONLY} without a secondary). */
  public DualWriterBuilder mode(WriteMode mode) {
    this.mode = Objects.requireNonNull(mode, "mode");
    return this;
  }

  /**
   * The folder of the durable failed-write log; created if missing. Required, and must be on a disk that
   * survives a restart of the application. Two writers must never share a folder (the second one to open it
   * fails).
   */
  public DualWriterBuilder failedWriteLog(Path directory) {
    this.failedWriteLog = Objects.requireNonNull(directory, "directory");
    return this;
  }

  /**
   * Where to publish metrics (latency and errors per target and operation, failed-write log size, shadow-read
   * divergence). None by default.
   */
  public DualWriterBuilder meterRegistry(MeterRegistry registry) {
    this.meterRegistry = Objects.requireNonNull(registry, "registry");
    return this;
  }

  /**
   * The fraction of reads (0 to 1) that also run on the secondary to compare results; 0, no shadow reads, by
   * default. Each shadow read costs one extra read on the secondary.
   */
  public DualWriterBuilder shadowReadRatio(double ratio) {
    if (!(ratio >= 0.0 && ratio <= 1.0)) {
      throw new IllegalArgumentException("shadowReadRatio must be between 0 and 1, got " + ratio);
    }
    this.shadowReadRatio = ratio;
    return this;
  }

  /** The writer's name, the {@code writer} tag of its metrics; {@code "dualwrite"} by default. */
  public DualWriterBuilder name(String name) {
    this.name = Objects.requireNonNull(name, "name");
    return this;
  }

  /**
   * Where write timestamps come from, in microseconds since the epoch. By default a clock that follows the
   * system clock and never goes backwards nor repeats a value. Replace it only to share one clock among
   * several writers.
   */
  public DualWriterBuilder timestampSource(LongSupplier microsSinceEpoch) {
    this.timestampSource = Objects.requireNonNull(microsSinceEpoch, "microsSinceEpoch");
    return this;
  }

  /**
   * Opens the failed-write log and returns the writer.
   *
   * @throws IllegalStateException when a required option is missing or the targets are the same
   * @throws java.io.UncheckedIOException when the failed-write log cannot be opened
   */
  public DualWriter build() {
    if (primary == null) {
      throw new IllegalStateException("A writer needs a primary target: call primary(..)");
    }
    if (secondary == null) {
      return buildSingle();
    }
    if (failedWriteLog == null) {
      throw new IllegalStateException("A dual writer needs a failed-write log folder: call failedWriteLog(path) "
          + "with a folder that survives restarts");
    }
    if (primary.name().equals(secondary.name())) {
      throw new IllegalStateException("Both targets are named '" + primary.name() + "'; give them distinct names");
    }
    if (primary.session() == secondary.session() && primary.keyspace().equals(secondary.keyspace())) {
      throw new IllegalStateException("Both targets are keyspace " + primary.keyspace().asCql(true)
          + " of the same session; a dual writer needs two different places to write");
    }
    return DefaultDualWriter.open(new WriterConfig(name, primary, secondary, mode != null ? mode : WriteMode.DUAL,
        failedWriteLog, meterRegistry, shadowReadRatio, timestampSource));
  }

  private DualWriter buildSingle() {
    if (failedWriteLog != null || shadowReadRatio > 0 || (mode != null && mode != WriteMode.PRIMARY_ONLY)) {
      throw new IllegalStateException("A writer without a secondary has one target only: failedWriteLog(..), "
          + "shadowReadRatio(..) and modes other than PRIMARY_ONLY need a secondary(..); add one, or drop them");
    }
    return SingleTargetWriter.open(new WriterConfig(name, primary, null, WriteMode.PRIMARY_ONLY, null,
        meterRegistry, 0, timestampSource));
  }
}
