package dev.activeactive.sandbox.internal.containers;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Whether this machine names any Docker endpoint at all: an environment variable or a socket file where Docker
 * engines (Docker Engine, Docker Desktop, Colima, Rancher Desktop, rootless Docker) put theirs. Asking
 * Testcontainers on a machine with none makes it log an ERROR block that reads like a failure; this check is
 * silent, so Testcontainers is asked only where an engine may answer.
 */
public final class DockerEndpoint {
  private DockerEndpoint() {}

  /** With this machine's environment, home folder and files. */
  public static boolean anyConfigured() {
    return anyConfigured(System.getenv(), Path.of(System.getProperty("user.home")), java.nio.file.Files::exists);
  }

  static boolean anyConfigured(Map<String, String> env, Path home, Predicate<Path> exists) {
    for (String variable : List.of("DOCKER_HOST", "TESTCONTAINERS_DOCKER_SOCKET_OVERRIDE")) {
      String value = env.get(variable);
      if (value != null && !value.isBlank()) {
        return true;
      }
    }
    List<Path> sockets = new java.util.ArrayList<>(List.of(Path.of("/var/run/docker.sock"),
        home.resolve(".docker/run/docker.sock"), home.resolve(".docker/desktop/docker.sock"),
        home.resolve(".colima/default/docker.sock"), home.resolve(".rd/docker.sock"),
        // Testcontainers' own configuration may name a remote engine
        home.resolve(".testcontainers.properties")));
    String runtimeDir = env.get("XDG_RUNTIME_DIR");
    if (runtimeDir != null && !runtimeDir.isBlank()) {
      sockets.add(Path.of(runtimeDir, "docker.sock"));
    }
    return sockets.stream().anyMatch(exists);
  }
}
