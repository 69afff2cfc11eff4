package dev.activeactive.dualwrite.api;

/**
 * Entry point for a {@link DualWriter}.
 *
 * <pre>{@code
 * DualWriter writer = DualWrite.builder()
 *     .primary(Target.of("islands", session, "users_us_east"))
 *     .secondary(Target.of("merged", session, "users"))
 *     .failedWriteLog(Path.of("/var/lib/myservice/failed-writes"))
 *     .meterRegistry(registry)
 *     .build();
 * writer.write(SimpleStatement.newInstance("INSERT INTO profiles (id, name) VALUES (?, ?)", id, name));
 * }</pre>
 */
public final class DualWrite {
  private DualWrite() {}

  /** A new builder; see {@link DualWriterBuilder}. */
  public static DualWriterBuilder builder() {
    return new DualWriterBuilder();
  }
}
