package dev.activeactive.dualwrite.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import dev.activeactive.dualwrite.internal.log.FailedWrite;
import dev.activeactive.dualwrite.internal.log.RecordedStatement;
import dev.activeactive.dualwrite.internal.log.RecordedValue;
import dev.activeactive.dualwrite.internal.log.SegmentedFailedWriteLog;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DualWriteCliTest {

  @Test
  void parsesABackfill() {
    CommandLine cli = DualWriteCli.commandLine();
    CommandLine.ParseResult parsed = cli.parseArgs("backfill",
        "--source-contact-point", "10.0.0.1:9142", "--source-dc", "us-east-1", "--source-keyspace", "islands",
        "--destination-keyspace", "merged", "--table", "profiles", "--splits", "64", "--checkpoint", "p.ckpt");

    BackfillCommand backfill = (BackfillCommand) parsed.subcommand().commandSpec().userObject();
    assertThat(backfill.connection.sourceKeyspace).isEqualTo("islands");
    assertThat(backfill.connection.separateDestination()).isFalse();
    assertThat(backfill.ranges.options.splits).isEqualTo(64);
    assertThat(backfill.ranges.options.parallelism).isEqualTo(4);
    assertThat(backfill.checkpoint).isEqualTo(Path.of("p.ckpt"));
  }

  @Test
  void parsesAVerifyAgainstASecondCluster() {
    CommandLine.ParseResult parsed = DualWriteCli.commandLine().parseArgs("verify",
        "--source-contact-point", "a:9042", "--source-dc", "dc1", "--source-keyspace", "ks",
        "--destination-contact-point", "b:9042", "--destination-dc", "dc2", "--destination-keyspace", "ks",
        "--table", "t", "--repair");

    VerifyCommand verify = (VerifyCommand) parsed.subcommand().commandSpec().userObject();
    assertThat(verify.repair).isTrue();
    assertThat(verify.connection.separateDestination()).isTrue();
    assertThat(verify.maxReported).isEqualTo(100);
  }

  @Test
  void missingOptionsAreReportedWithUsage() {
    StringWriter err = new StringWriter();
    CommandLine cli = DualWriteCli.commandLine();
    cli.setErr(new PrintWriter(err));

    int exit = cli.execute("backfill", "--table", "t");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required argument").contains("--source-dc");
  }

  @Test
  void contactPointsDefaultToTheCqlPort() {
    assertThat(ConnectionOptions.parse("10.1.2.3")).isEqualTo(new InetSocketAddress("10.1.2.3", 9042));
    assertThat(ConnectionOptions.parse("10.1.2.3:19042").getPort()).isEqualTo(19042);
    assertThatThrownBy(() -> ConnectionOptions.parse("host:")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDryRunReplayListsTheTargetsWritesAndChangesNothing(@TempDir Path dir) {
    try (SegmentedFailedWriteLog log = SegmentedFailedWriteLog.open(dir)) {
      for (String target : List.of("b", "b", "a")) {
        log.append(new FailedWrite(target, "ks_" + target, 1L, null, null, List.of(new RecordedStatement(
            "INSERT INTO t (k) VALUES (?)", List.of(RecordedValue.of(null, ByteBuffer.wrap(new byte[] {0, 0, 0, 1}))))),
            1_700_000_000_000L));
      }
    }
    StringWriter out = new StringWriter();
    CommandLine cli = DualWriteCli.commandLine();
    cli.setOut(new PrintWriter(out));

    int exit = cli.execute("replay", "--log", dir.toString(), "--target", "b", "--dry-run");

    assertThat(exit).isZero();
    assertThat(out.toString()).contains("* b ks_b").contains("2 writes for target b would be applied");
    try (SegmentedFailedWriteLog log = SegmentedFailedWriteLog.open(dir)) {
      assertThat(log.sizeByTarget()).containsEntry("a", 1L).containsEntry("b", 2L);
    }
  }

  @Test
  void aReplayWithoutAConnectionIsAUsageError(@TempDir Path dir) {
    StringWriter err = new StringWriter();
    CommandLine cli = DualWriteCli.commandLine();
    cli.setErr(new PrintWriter(err));

    assertThat(cli.execute("replay", "--log", dir.toString(), "--target", "b")).isEqualTo(2);
    assertThat(err.toString()).contains("--contact-point and --dc are required");
  }
}
