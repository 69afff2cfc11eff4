package dev.activeactive.sandbox.internal.containers;

import static dev.activeactive.sandbox.internal.SharedSandbox.chooseBackend;
import static dev.activeactive.sandbox.internal.SharedSandbox.parseBackend;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.activeactive.sandbox.api.SandboxBackend;
import dev.activeactive.sandbox.api.SandboxException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class BackendSelectionTest {
  private static final BooleanSupplier YES = () -> true;
  private static final BooleanSupplier NO = () -> false;
  private static final BooleanSupplier MUST_NOT_ASK = () -> {
    throw new AssertionError("this probe must not run");
  };

  @Test
  void autoPrefersTheProcessBackendAndNeverProbesDockerWhenMemcachedIsInstalled() {
    assertThat(chooseBackend(SandboxBackend.AUTO, YES, MUST_NOT_ASK)).isEqualTo(SandboxBackend.PROCESS);
  }

  @Test
  void autoFallsBackToContainersWhenOnlyDockerIsThere() {
    assertThat(chooseBackend(SandboxBackend.AUTO, NO, YES)).isEqualTo(SandboxBackend.CONTAINERS);
  }

  @Test
  void autoWithNeitherPicksTheProcessBackendSoItsErrorSaysWhatToInstall() {
    assertThat(chooseBackend(SandboxBackend.AUTO, NO, NO)).isEqualTo(SandboxBackend.PROCESS);
  }

  @Test
  void anExplicitChoiceIsKeptWithoutProbingAnything() {
    assertThat(chooseBackend(SandboxBackend.PROCESS, MUST_NOT_ASK, MUST_NOT_ASK)).isEqualTo(SandboxBackend.PROCESS);
    assertThat(chooseBackend(SandboxBackend.CONTAINERS, MUST_NOT_ASK, MUST_NOT_ASK))
        .isEqualTo(SandboxBackend.CONTAINERS);
  }

  @Test
  void thePropertyWinsOverTheEnvironmentAndNeitherMeansAuto() {
    assertThat(parseBackend(null, null)).isEqualTo(SandboxBackend.AUTO);
    assertThat(parseBackend(" ", "")).isEqualTo(SandboxBackend.AUTO);
    assertThat(parseBackend("containers", "process")).isEqualTo(SandboxBackend.CONTAINERS);
    assertThat(parseBackend(null, "Process")).isEqualTo(SandboxBackend.PROCESS);
    assertThat(parseBackend(" AUTO ", null)).isEqualTo(SandboxBackend.AUTO);
  }

  @Test
  void anUnknownNameFailsListingTheValidOnes() {
    assertThatThrownBy(() -> parseBackend("docker", null))
        .isInstanceOf(SandboxException.class)
        .hasMessageContaining("'docker'")
        .hasMessageContaining("[process, containers, auto]");
  }

  @Test
  void theContainerConfigurationPublishesHostMappedQueueUrlsAndStrictLimits() {
    String conf = ElasticMqContainers.configFile("us-west-2", "localhost", 41234);
    assertThat(conf)
        .contains("host = \"localhost\"")
        .contains("port = 41234")
        .contains("bind-port = 9324")
        .contains("sqs-limits = strict")
        .contains("region = \"us-west-2\"");
  }
}
