package dev.activeactive.dualwrite.internal.cli;

import dev.activeactive.dualwrite.api.CopyJobBuilder;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The token-range options backfill and verify share. */
final class RangeOptions {
  @Option(names = "--table", required = true, description = "The table, without keyspace.")
  String table;

  @Option(names = "--splits", defaultValue = "1024", description = "Token ranges to cut the ring into (default: ${DEFAULT-VALUE}).")
  int splits;

  @Option(names = "--parallelism", defaultValue = "4", description = "Ranges worked on at once (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(names = "--page-size", defaultValue = "500", description = "Rows per page of a range scan (default: ${DEFAULT-VALUE}).")
  int pageSize;

  @Option(names = "--timeout", paramLabel = "DURATION",
      description = "Timeout of each request, ISO-8601 (PT30S) or seconds; default: the driver's.")
  String timeout;

  <B extends CopyJobBuilder<B>> B apply(B builder) {
    builder.table(table).splits(splits).parallelism(parallelism).pageSize(pageSize);
    if (timeout != null) {
      builder.requestTimeout(timeout.startsWith("P") ? Duration.parse(timeout) : Duration.ofSeconds(Long.parseLong(timeout)));
    }
    return builder;
  }
}
