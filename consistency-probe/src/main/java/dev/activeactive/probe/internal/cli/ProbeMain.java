package dev.activeactive.probe.internal.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import picocli.CommandLine;

/** Entry point of the probe's jar. */
public final class ProbeMain {
  private ProbeMain() {}

  public static void main(String[] args) {
    // spymemcached logs through SLF4J (and so Logback) instead of straight to stderr
    System.setProperty("net.spy.log.LoggerImpl", "net.spy.memcached.compat.log.SLF4JLogger");
    CommandLine cli = new CommandLine(new ProbeCommand());
    configFile(args).ifPresent(file -> cli.setDefaultValueProvider(new HoconDefaults(load(file))));
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("probe: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      return 2;
    });
    int code = cli.execute(args);
    System.exit(code);
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
    return ConfigFactory.parseFile(file.toFile()).resolve();
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
