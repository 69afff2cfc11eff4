package dev.activeactive.sandbox.internal;

import dev.activeactive.sandbox.api.SandboxException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks for the programs the sandbox runs, and says how to install the ones that are missing. */
public final class Prerequisites {
  private Prerequisites() {}

  /** The memcached executable on the PATH (or at {@code $MEMCACHED_BIN}). */
  public static Path memcachedBinary() {
    String explicit = System.getenv("MEMCACHED_BIN");
    if (explicit != null && !explicit.isBlank()) {
      Path path = Path.of(explicit);
      if (Files.isExecutable(path)) {
        return path;
      }
      throw new SandboxException("MEMCACHED_BIN is set to " + explicit + ", which is not an executable file.");
    }
    String pathVariable = System.getenv().getOrDefault("PATH", "");
    for (String dir : pathVariable.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, "memcached");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new SandboxException("memcached was not found on the PATH. The sandbox runs real memcached 1.6"
        + " servers: install it with 'sudo apt-get install memcached' (Debian/Ubuntu),"
        + " 'sudo dnf install memcached' (Fedora) or 'brew install memcached' (macOS),"
        + " or point MEMCACHED_BIN at the executable.");
  }

  /** memcached refuses to run as root unless told which user to run as. */
  public static boolean runningAsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }
}
