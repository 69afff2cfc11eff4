package dev.activeactive.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DurationConverterTest {

  private final DurationConverter converter = new DurationConverter();

  @Test
  void readsShortFormsAndIso() {
    assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(converter.convert("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(converter.convert("PT3S")).isEqualTo(Duration.ofSeconds(3));
    assertThatThrownBy(() -> converter.convert("soon")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyCommandParsesItsHelp() {
    CommandLine cli = new CommandLine(new ExamplesMain());
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(new StringWriter()));
    assertThat(cli.getSubcommands()).containsKeys("run", "split-brain", "evacuation", "latency");
    for (String command : cli.getSubcommands().keySet()) {
      assertThat(cli.execute(command, "--help")).isZero();
    }
    assertThat(cli.execute("latency", "--phase", "soon")).isEqualTo(2);
  }
}
