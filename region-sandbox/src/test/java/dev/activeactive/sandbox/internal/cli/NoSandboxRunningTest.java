package dev.activeactive.sandbox.internal.cli;

import static dev.activeactive.sandbox.internal.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The commands that need a running sandbox, run with {@code --dir} naming a folder where none was started. */
class NoSandboxRunningTest {
  @TempDir
  Path dir;

  @Test
  void statusSaysSoOnStandardOutputAndExitsOne() {
    CliRun r = run("status", "--dir", dir.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).isEqualTo("No sandbox is running here. Start one with './sandbox up'." + System.lineSeparator());
    assertThat(r.err()).isEmpty();
  }

  @Test
  void envSaysSoOnStandardErrorSoThatEvalGetsNothingAndExitsOne() {
    CliRun r = run("env", "us-east-1", "--dir", dir.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("No sandbox is running here. Start one with './sandbox up'." + System.lineSeparator());
    assertThat(r.out()).isEmpty();
  }

  @Test
  void downHasNothingToStopAndSucceeds() throws Exception {
    CliRun r = run("down", "--dir", dir.toString());
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("No sandbox is running here.");
    assertThat(Files.list(dir)).isEmpty();
  }

  @Test
  void dirIsOneOptionWithOneDescriptionOnEveryCommand() {
    CommandLine cli = new CommandLine(new SandboxCli());
    for (String name : new String[] {"up", "down", "status", "env", "run"}) {
      var option = cli.getSubcommands().get(name).getCommandSpec().findOption("--dir");
      assertThat(option).as(name).isNotNull();
      assertThat(option.description()).as(name)
          .containsExactly("Folder holding .sandbox/ (default: current folder).");
      assertThat(option.defaultValue()).as(name).isEqualTo(".");
    }
  }
}
