package dev.activeactive.sandbox.internal.cli;

import dev.activeactive.sandbox.internal.control.RemoteRegionSandbox;
import dev.activeactive.sandbox.internal.control.SandboxStateFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/** The sandbox that {@code ./sandbox up} started from a folder, if it still runs. */
record RunningSandbox(Path file, long pid, RemoteRegionSandbox sandbox) {

  static Optional<RunningSandbox> find(Path dir) {
    Path file = SandboxStateFile.in(dir.toAbsolutePath().normalize());
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      Properties p = SandboxStateFile.read(file);
      long pid = SandboxStateFile.pid(p);
      boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
      RemoteRegionSandbox sandbox = new RemoteRegionSandbox(SandboxStateFile.controlUrl(p));
      if (alive && sandbox.isReachable()) {
        return Optional.of(new RunningSandbox(file, pid, sandbox));
      }
      Files.deleteIfExists(file);
    } catch (IOException | RuntimeException e) {
      // unreadable or stale: treated as not running
    }
    return Optional.empty();
  }
}
