package dev.activeactive.sandbox.internal.cli;

import dev.activeactive.sandbox.api.WanProfile;
import dev.activeactive.sandbox.internal.control.SandboxStateFile;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Starts the sandbox in a background process and returns once every server is up. */
@Command(name = "up", description = "Start the sandbox in the background; returns when every server is up.")
final class UpCommand implements Callable<Integer> {
  /** The sandbox's own logging configuration, a classpath resource of this module. */
  static final String LOGGING = "sandbox-logback.xml";

  @Mixin
  SandboxDir dir;

  @Option(names = "--timeout-seconds", description = "Give up after this long (default: ${DEFAULT-VALUE}).",
      defaultValue = "180")
  int timeoutSeconds;

  @Option(names = "--without-cassandra", description = "Start only memcached and SQS.")
  boolean withoutCassandra;

  @Option(names = "--wan", description = "WAN profile of every inter-region path: none, us-east-1/us-west-2,"
      + " us-east-1/eu-west-1, us-west-2/eu-west-1, or e.g. rtt=120ms,jitter=5ms (default: ${DEFAULT-VALUE}).",
      defaultValue = WanProfile.DEFAULT_NAME, converter = WanProfileConverter.class)
  WanProfile wan;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Path root = dir.path();
    var existing = RunningSandbox.find(root);
    if (existing.isPresent()) {
      System.out.println("A sandbox is already running (pid " + existing.get().pid() + "):");
      StatusTable.print(existing.get().sandbox().status(), System.out);
      return 0;
    }
    Path stateFile = SandboxStateFile.in(root);
    Files.createDirectories(stateFile.getParent());
    Path log = stateFile.resolveSibling("sandbox.log");
    long start = System.nanoTime();
    Process process = new ProcessBuilder(command(root))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
    long deadline = start + timeoutSeconds * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        System.err.println("The sandbox stopped while starting (exit " + process.exitValue() + "). Its log "
            + log + " ends with:");
        tail(log).forEach(System.err::println);
        return 1;
      }
      var running = RunningSandbox.find(root);
      if (running.isPresent()) {
        double seconds = (System.nanoTime() - start) / 1e9;
        StatusTable.print(running.get().sandbox().status(), System.out);
        System.out.println("WAN between regions: " + wan.describe());
        System.out.printf("sandbox up in %.1f s (pid %d); endpoints in %s; log in %s%n", seconds,
            running.get().pid(), running.get().file(), log);
        return 0;
      }
      Thread.sleep(250);
    }
    process.destroy();
    System.err.println("The sandbox did not come up within " + timeoutSeconds + " s; stopped it. Its log " + log
        + " ends with:");
    tail(log).forEach(System.err::println);
    return 1;
  }

  /** The background sandbox's command line: this JVM's classpath and logging configuration, then {@code run}. */
  List<String> command(Path root) {
    List<String> command = new ArrayList<>();
    // setsid detaches the sandbox from this terminal, so Ctrl-C here does not stop it
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      command.add("/usr/bin/setsid");
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    // without it the background JVM logs at logback's default, DEBUG: every SQS message, tens of MB a minute
    command.add("-Dlogback.configurationFile=" + System.getProperty("logback.configurationFile", LOGGING));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(SandboxCli.class.getName());
    command.add("run");
    command.add("--dir");
    command.add(root.toString());
    if (withoutCassandra) {
      command.add("--without-cassandra");
    }
    command.add("--wan");
    command.add(wan.spec());
    return command;
  }

  private static List<String> tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return lines.subList(Math.max(0, lines.size() - 30), lines.size());
    } catch (IOException e) {
      return List.of("(no log: " + e.getMessage() + ")");
    }
  }
}
