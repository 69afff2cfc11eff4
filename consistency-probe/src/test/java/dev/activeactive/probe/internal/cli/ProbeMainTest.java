package dev.activeactive.probe.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The command line's exit codes and messages for bad usage and unreachable clusters (no server needed). */
class ProbeMainTest {
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return ProbeMain.run(args, new PrintWriter(err, true));
  }

  /** Ports nothing listens on: the cluster is unreachable. */
  private static String closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "127.0.0.1:" + socket.getLocalPort();
    }
  }

  @Test
  void aBadEnumValueIsBadUsageAndListsTheValidValues() {
    assertThat(run("--mode", "cassandara")).isEqualTo(2);
    assertThat(err.toString()).contains("cassandara").contains("CASSANDRA, CACHE, BOTH");
  }

  @Test
  void aBadConsistencyLevelListsTheValidOnes() {
    assertThat(run("--read-consistency", "LOCAL_TWO")).isEqualTo(2);
    assertThat(err.toString()).contains("LOCAL_TWO").contains("LOCAL_ONE").contains("LOCAL_QUORUM");
  }

  @Test
  void optionsThatDoNotApplyToTheModeAreRefusedNotIgnored() throws Exception {
    String east = closedPort();
    String west = closedPort();
    assertThat(run("--mode", "cassandra", "--cache-policy", "REPLICATE", "--write-contact-points", east,
        "--read-contact-points", west)).isEqualTo(2);
    assertThat(err.toString()).contains("--cache-policy does not apply to --mode cassandra");
  }

  @Test
  void contactPointsForOnlyOneSideAreBadUsage() throws Exception {
    assertThat(run("--write-contact-points", closedPort())).isEqualTo(2);
    assertThat(err.toString()).contains("--read-contact-points");
  }

  @Test
  void aMissingConfigFileIsBadUsage() {
    assertThat(run("--config", "/nonexistent/probe.conf")).isEqualTo(2);
    assertThat(err.toString()).contains("/nonexistent/probe.conf");
  }

  @Test
  void anUnreachableClusterIsCouldNotRunNotAFailedGate() throws Exception {
    assertThat(run("--write-contact-points", closedPort(), "--read-contact-points", closedPort(),
        "--records", "10")).isEqualTo(3);
    assertThat(err.toString()).contains("could not run");
  }

  @Test
  void anUnknownWanProfileListsTheNamedOnes() {
    assertThat(run("--wan", "mars")).isEqualTo(2);
    assertThat(err.toString()).contains("'mars'").contains("none").contains("us-east-1/us-west-2");
  }

  @Test
  void theWanShapesTheSandboxOnlySoRealClustersRefuseIt() throws Exception {
    assertThat(run("--wan", "none", "--write-contact-points", closedPort(), "--read-contact-points", closedPort()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--wan shapes the sandbox's network only");
  }
}
