package dev.activeactive.sandbox.internal.cli;

import dev.activeactive.sandbox.api.SandboxEnvironment;
import dev.activeactive.sandbox.api.SandboxException;
import dev.activeactive.sandbox.api.SandboxTopology;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Prints a region's endpoints and credentials as environment variables ({@link SandboxEnvironment}); exits 1 when
 * no sandbox runs, 2 for a region the sandbox does not have.
 */
@Command(name = "env", description = {
    "Print a region's endpoints and credentials as environment variables, for a service to run against the sandbox:",
    "  eval \"$(./sandbox env us-east-1)\"   or   ./sandbox env us-east-1 --format dotenv > us-east-1.env"})
final class EnvCommand implements Callable<Integer> {
  enum Format { SHELL, DOTENV }

  @Parameters(index = "0", paramLabel = "REGION", description = "The region, for example us-east-1.")
  String region;

  @Option(names = "--format", defaultValue = "SHELL", description = "shell (export lines, the default) or dotenv.",
      converter = FormatConverter.class)
  Format format;

  @Mixin
  SandboxDir dir;

  @Override
  public Integer call() {
    var running = dir.running();
    if (running.isEmpty()) {
      System.err.println(SandboxDir.NOT_RUNNING);
      return 1;
    }
    SandboxTopology topology = running.get().sandbox().topology();
    if (!topology.regionNames().contains(region)) {
      System.err.println("The sandbox has no region '" + region + "'; its regions are "
          + String.join(", ", topology.regionNames()) + ".");
      return 2;
    }
    try {
      print(SandboxEnvironment.of(topology, region), format, System.out);
      return 0;
    } catch (SandboxException e) {
      System.err.println(e.getMessage());
      return 1;
    }
  }

  static void print(Map<String, String> env, Format format, PrintStream out) {
    env.forEach((name, value) -> out.println(format == Format.SHELL
        ? "export " + name + "='" + value.replace("'", "'\\''") + "'"
        : name + "=" + value));
  }

  /** Accepts the format in any case. */
  static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
    @Override
    public Format convert(String value) {
      return Format.valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
  }
}
