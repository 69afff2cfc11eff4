package dev.activeactive.sandbox.internal.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The {@code --dir} option every sandbox command takes (a picocli mixin): the folder whose {@code .sandbox/}
 * holds the running sandbox's state file, so that commands run from one checkout find the sandbox started there.
 */
final class SandboxDir {
  /** What a command that needs a running sandbox says when there is none. */
  static final String NOT_RUNNING = "No sandbox is running here. Start one with './sandbox up'.";

  @Option(names = "--dir", description = "Folder holding .sandbox/ (default: current folder).", defaultValue = ".")
  Path dir;

  /** The folder, absolute and normalised. */
  Path path() {
    return dir.toAbsolutePath().normalize();
  }

  /** The sandbox started from this folder, if it still runs. */
  Optional<RunningSandbox> running() {
    return RunningSandbox.find(path());
  }
}
