package dev.activeactive.probe.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.activeactive.probe.api.ProbeResult;
import dev.activeactive.probe.internal.TestResults;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExitGateTest {
  static ProbeResult result(String mode, long missing) {
    return TestResults.result(mode, missing, 0);
  }

  @Test
  void passesAtOrBelowTheAllowanceSummedOverPaths() {
    assertThat(ExitGate.of(List.of(result("cassandra", 0)), 0).exitCode()).isZero();
    assertThat(ExitGate.of(List.of(result("cassandra", 3), result("cache", 2)), 5).exitCode()).isZero();
    ExitGate failed = ExitGate.of(List.of(result("cassandra", 3), result("cache", 3)), 5);
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.message()).startsWith("FAIL: 6 records missing at 500 ms");
  }

  @Test
  void tooFewReadsOnTimeFailTheRunEvenWithNothingMissing() {
    ExitGate gate = ExitGate.of(List.of(TestResults.result("cassandra", 0, 100)), 0, 0, 0.95);
    assertThat(gate.exitCode()).isEqualTo(1);
    assertThat(gate.message()).startsWith("FAIL: only 90.0 % of the reads at 500 ms were issued on time");
    assertThat(ExitGate.of(List.of(TestResults.result("cassandra", 0, 40)), 0, 0, 0.95).exitCode()).isZero();
  }
}
