package dev.activeactive.dualwrite.internal.write;

import dev.activeactive.dualwrite.api.Target;
import dev.activeactive.dualwrite.api.WriteMode;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/** The validated options of a writer, as given to its builder. Null registry: no metrics. */
public record WriterConfig(
    String name,
    Target primary,
    Target secondary,
    WriteMode mode,
    Path failedWriteLog,
    MeterRegistry meterRegistry,
    double shadowReadRatio,
    LongSupplier timestampSource) {

  /** Writes replayed concurrently; a handful keeps a recovering target from being flooded. */
  static final int REPLAY_PARALLELISM = 16;
}
