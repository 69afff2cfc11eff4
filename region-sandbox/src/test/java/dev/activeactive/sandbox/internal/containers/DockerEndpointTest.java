package dev.activeactive.sandbox.internal.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DockerEndpointTest {
  private static final Path HOME = Path.of("/home/dev");

  @Test
  void aMachineWithNoVariableAndNoSocketHasNoEndpoint() {
    assertThat(DockerEndpoint.anyConfigured(Map.of(), HOME, p -> false)).isFalse();
    assertThat(DockerEndpoint.anyConfigured(Map.of("DOCKER_HOST", " "), HOME, p -> false)).isFalse();
  }

  @Test
  void aVariableOrAnyKnownSocketCounts() {
    assertThat(DockerEndpoint.anyConfigured(Map.of("DOCKER_HOST", "tcp://build:2375"), HOME, p -> false)).isTrue();
    for (Path socket : Set.of(Path.of("/var/run/docker.sock"), HOME.resolve(".docker/run/docker.sock"),
        HOME.resolve(".colima/default/docker.sock"), Path.of("/run/user/1000/docker.sock"))) {
      assertThat(DockerEndpoint.anyConfigured(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), HOME, socket::equals))
          .as(socket.toString()).isTrue();
    }
  }
}
