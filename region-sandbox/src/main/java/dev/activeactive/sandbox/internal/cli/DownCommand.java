package dev.activeactive.sandbox.internal.cli;

import java.nio.file.Files;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Stops the background sandbox and every server it runs. */
@Command(name = "down", description = "Stop the running sandbox and every server it started.")
final class DownCommand implements Callable<Integer> {
  @Mixin
  SandboxDir dir;

  @Override
  public Integer call() throws Exception {
    var running = dir.running();
    if (running.isEmpty()) {
      System.out.println("No sandbox is running here.");
      return 0;
    }
    running.get().sandbox().shutdown();
    var handle = ProcessHandle.of(running.get().pid());
    if (handle.isPresent()) {
      try {
        handle.get().onExit().get(60, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        // its servers are guarded: they stop within a second of their owner's death
        handle.get().destroyForcibly();
        handle.get().onExit().get(10, TimeUnit.SECONDS);
      }
    }
    Files.deleteIfExists(running.get().file());
    System.out.println("sandbox stopped (pid " + running.get().pid() + ")");
    return 0;
  }
}
