package dev.activeactive.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The examples' command line: {@code run} starts the sample service in both regions of the sandbox; the drills
 * ({@code split-brain}, {@code evacuation}, {@code latency}) run a failure against it and print a report. Exit
 * code 0 when a drill's checks pass, 1 when one fails, 2 on bad usage.
 */
@Command(name = "examples", mixinStandardHelpOptions = true,
    description = "The two-region viewing-history sample and its chaos drills, on the region sandbox.",
    subcommands = {RunCommand.class, SplitBrainCommand.class, EvacuationCommand.class,
        LatencyCommand.class})
public final class ExamplesMain implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    // spymemcached logs every connection at INFO through its own logger; route it to Logback's levels instead
    System.setProperty("net.spy.log.LoggerImpl", "net.spy.memcached.compat.log.SLF4JLogger");
    System.exit(new CommandLine(new ExamplesMain()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
