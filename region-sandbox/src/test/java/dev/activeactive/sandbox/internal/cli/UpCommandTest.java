package dev.activeactive.sandbox.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.activeactive.sandbox.api.WanProfile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class UpCommandTest {

  @Test
  void theBackgroundSandboxGetsTheSandboxsLoggingAndTheChosenWan() {
    UpCommand up = new UpCommand();
    up.wan = WanProfile.US_EAST_1_EU_WEST_1;
    // failed before: no logging configuration, so the background JVM logged every SQS message at DEBUG
    assertThat(up.command(Path.of("/tmp/x"))).contains("-Dlogback.configurationFile=" + UpCommand.LOGGING)
        .containsSubsequence("--wan", "us-east-1/eu-west-1");
  }
}
