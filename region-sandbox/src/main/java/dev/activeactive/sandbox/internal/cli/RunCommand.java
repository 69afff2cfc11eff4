package dev.activeactive.sandbox.internal.cli;

import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.SandboxComponent;
import dev.activeactive.sandbox.api.WanProfile;
import dev.activeactive.sandbox.internal.control.ControlServer;
import dev.activeactive.sandbox.internal.control.SandboxStateFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs the sandbox in the foreground until asked to stop; {@code up} starts this in the background. */
@Command(name = "run", description = "Run the sandbox in the foreground until Ctrl-C or './sandbox down'.")
final class RunCommand implements Callable<Integer> {
  @Mixin
  SandboxDir dir;

  @Option(names = "--without-cassandra", description = "Start only memcached and SQS.")
  boolean withoutCassandra;

  @Option(names = "--wan", description = "WAN profile of every inter-region path: none, us-east-1/us-west-2,"
      + " us-east-1/eu-west-1, us-west-2/eu-west-1, or e.g. rtt=120ms,jitter=5ms (default: ${DEFAULT-VALUE}).",
      defaultValue = WanProfile.DEFAULT_NAME, converter = WanProfileConverter.class)
  WanProfile wan;

  @Override
  public Integer call() throws Exception {
    Path stateFile = SandboxStateFile.in(dir.path());
    RegionSandbox sandbox = RegionSandbox.builder()
        .workDirectory(stateFile.getParent().resolve("data"))
        .wan(wan)
        .build();
    CountDownLatch stopped = new CountDownLatch(1);
    Runnable stop = () -> {
      try {
        Files.deleteIfExists(stateFile);
      } catch (Exception ignored) {
        // a stale file is detected by its dead pid anyway
      }
      sandbox.close();
      stopped.countDown();
    };
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "sandbox-stop"));
    try (ControlServer control = new ControlServer(sandbox, () -> {
      stop.run();
      System.exit(0);
    }).start()) {
      sandbox.require(SandboxComponent.MEMCACHED, SandboxComponent.SQS);
      if (!withoutCassandra) {
        sandbox.require(SandboxComponent.CASSANDRA);
      }
      SandboxStateFile.write(stateFile, sandbox.topology(), control.url(), ProcessHandle.current().pid());
      System.out.println("sandbox ready; WAN " + wan.describe() + "; endpoints in " + stateFile);
      stopped.await();
    }
    return 0;
  }
}
