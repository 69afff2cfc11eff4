package dev.activeactive.sandbox.internal.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./sandbox up|down|status|env|run}: the region sandbox for people, in the background. */
@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    description = "Real servers for two regions on this machine: memcached per zone, SQS, Cassandra per datacenter.",
    subcommands = {UpCommand.class, DownCommand.class, StatusCommand.class, EnvCommand.class, RunCommand.class})
public final class SandboxCli implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new SandboxCli()).execute(args));
  }
}
