package dev.activeactive.sandbox.internal.containers;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.SandboxBackend;
import dev.activeactive.sandbox.api.SandboxException;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

class ContainerRegionSandboxTest {

  @Test
  void askingForContainersWithoutDockerFailsAtOnceSayingWhatToDo() {
    assumeFalse(DockerClientFactory.instance().isDockerAvailable(), "Docker runs here; nothing to check");
    assertThatThrownBy(() -> RegionSandbox.builder().backend(SandboxBackend.CONTAINERS).build())
        .isInstanceOf(SandboxException.class)
        .hasMessageContaining("needs a running Docker engine")
        .hasMessageContaining("activeactive.sandbox.backend=process");
  }
}
