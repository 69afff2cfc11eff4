package dev.activeactive.dualwrite.internal.cli;

import dev.activeactive.dualwrite.api.Backfill;
import dev.activeactive.dualwrite.api.BackfillResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dualwrite backfill}: copies a table with its write times, resumable through a checkpoint file. */
@Command(name = "backfill", mixinStandardHelpOptions = true,
    description = "Copies a table from the source keyspace to the destination keyspace, keeping every cell's "
        + "write time and TTL, so it never overwrites newer data. Exit code 0 when every range is done, 3 when "
        + "stopped (Ctrl-C): run again with the same --checkpoint to resume.")
final class BackfillCommand implements Callable<Integer> {
  @ArgGroup(exclusive = false, multiplicity = "1", heading = "Connection%n")
  ConnectionOptions connection;

  @Mixin
  RangeOptionsMixin ranges;

  @Option(names = "--checkpoint", paramLabel = "FILE",
      description = "Records finished ranges; run again with the same file to resume after a stop.")
  Path checkpoint;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (Sessions sessions = new Sessions(connection)) {
      Backfill.Builder builder = ranges.options.apply(Backfill.builder()
          .source(sessions.sourceTarget).destination(sessions.destinationTarget));
      if (checkpoint != null) {
        builder.checkpoint(checkpoint);
      }
      builder.progress(p -> {
        err.printf("%5.1f%%  %d/%d ranges  %d rows  %.0f rows/s%n", p.fraction() * 100, p.rangesDone(),
            p.rangesTotal(), p.rowsCopied(), p.rowsPerSecond());
        err.flush();
      });
      Backfill backfill = builder.build();
      Thread hook = new Thread(backfill::stop, "dualwrite-backfill-stop");
      Runtime.getRuntime().addShutdownHook(hook); // Ctrl-C finishes ranges in progress, then stops
      BackfillResult result = backfill.run();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // already stopping
      }
      out.printf("backfill %s: %d ranges (%d skipped from checkpoint, %d copied), %d rows, %d inserts, %.1f s, "
              + "%.0f rows/s%n", result.complete() ? "complete" : "STOPPED", result.rangesTotal(),
          result.rangesSkipped(), result.rangesCopied(), result.rowsCopied(), result.insertsSent(),
          result.elapsed().toMillis() / 1000.0, result.rowsPerSecond());
      out.flush();
      return result.complete() ? 0 : 3;
    }
  }
}
