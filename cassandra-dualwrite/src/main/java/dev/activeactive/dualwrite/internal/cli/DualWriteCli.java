package dev.activeactive.dualwrite.internal.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dualwrite} command line: {@code backfill}, {@code verify} and {@code replay}. Sessions use the library's safe
 * defaults ({@code LOCAL_QUORUM} in the given datacenter) and the driver's {@code application.conf} if one is
 * on the class path or named with {@code -Dconfig.file}.
 */
@Command(name = "dualwrite", mixinStandardHelpOptions = true,
    description = "Backfill and verify tables between two Cassandra keyspaces or clusters, and replay a "
        + "failed-write log.",
    subcommands = {BackfillCommand.class, VerifyCommand.class, ReplayCommand.class})
public final class DualWriteCli {

  /** The command line, for embedding or tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new DualWriteCli());
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
