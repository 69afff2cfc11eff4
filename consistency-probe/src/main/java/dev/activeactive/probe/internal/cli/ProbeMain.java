package dev.activeactive.probe.internal.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;

/** Entry point of the probe's jar. */
public final class ProbeMain {
  private ProbeMain() {}

  public static void main(String[] args) {
    // spymemcached logs through SLF4J (and so Logback) instead of straight to stderr
    System.setProperty("net.spy.log.LoggerImpl", "net.spy.memcached.compat.log.SLF4JLogger");
    System.exit(run(args, new PrintWriter(System.err, true)));
  }

  /** Runs the probe with {@code args}; returns the exit code (see {@link ExitCodes}). */
  public static int run(String[] args, PrintWriter err) {
    ProbeCommand command = new ProbeCommand();
    CommandLine cli = new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).setErr(err);
    try {
      configFile(args).ifPresent(file -> {
        command.fileOptions = load(file);
        cli.setDefaultValueProvider(new HoconDefaults(command.fileOptions));
      });
    } catch (RuntimeException e) {
      err.println("probe: " + e.getMessage());
      return ExitCodes.BAD_USAGE;
    }
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof IllegalArgumentException) {
        cmd.getErr().println("probe: " + e.getMessage());
        return ExitCodes.BAD_USAGE;
      }
      cmd.getErr().println("probe: could not run: " + firstLine(e));
      cmd.getErr().println("probe: check that the contact points are reachable from here and the credentials are "
          + "right (or, on the sandbox, what its log above says); nothing was judged, so this is not a failed gate");
      return ExitCodes.COULD_NOT_RUN;
    });
    return cli.execute(args);
  }

  private static String firstLine(Throwable e) {
    String message = e.getMessage() == null ? e.toString() : e.getClass().getSimpleName() + ": " + e.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static java.util.Optional<Path> configFile(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        return java.util.Optional.of(Path.of(args[i + 1]));
      }
      if (args[i].startsWith("--config=")) {
        return java.util.Optional.of(Path.of(args[i].substring("--config=".length())));
      }
    }
    return java.util.Optional.empty();
  }

  private static Config load(Path file) {
    if (!file.toFile().isFile()) {
      throw new IllegalArgumentException("Config file " + file + " does not exist");
    }
    try {
      return ConfigFactory.parseFile(file.toFile()).resolve();
    } catch (com.typesafe.config.ConfigException e) {
      throw new IllegalArgumentException("Config file " + file + " is not valid HOCON: " + e.getMessage(), e);
    }
  }

  /** Option defaults from a HOCON file whose keys are the long option names without dashes. */
  private record HoconDefaults(Config config) implements CommandLine.IDefaultValueProvider {
    @Override
    public String defaultValue(CommandLine.Model.ArgSpec arg) {
      if (!(arg instanceof CommandLine.Model.OptionSpec option)) {
        return null;
      }
      String key = option.longestName().replaceFirst("^--", "");
      if (!config.hasPath(key)) {
        return null;
      }
      Object value = config.getAnyRef(key);
      return value instanceof java.util.List<?> list
          ? String.join(",", list.stream().map(String::valueOf).toList())
          : String.valueOf(value);
    }
  }
}
