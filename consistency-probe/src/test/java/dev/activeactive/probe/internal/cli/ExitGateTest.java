package dev.activeactive.probe.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.activeactive.probe.api.ProbeResult;
import dev.activeactive.probe.api.ProbeResult.Percentiles;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExitGateTest {
  static ProbeResult result(String mode, long missing) {
    Percentiles zero = new Percentiles(0, 0, 0, 0, 0);
    return new ProbeResult(mode, 100, 500, "PER_RECORD", "a", "b", 100 - missing, missing, zero, 0, 0, List.of(),
        List.of(), zero, zero, 1, 1, 0, 0, 0, 0, 1);
  }

  @Test
  void passesAtOrBelowTheAllowanceSummedOverPaths() {
    assertThat(ExitGate.of(List.of(result("cassandra", 0)), 0).exitCode()).isZero();
    assertThat(ExitGate.of(List.of(result("cassandra", 3), result("cache", 2)), 5).exitCode()).isZero();
    ExitGate failed = ExitGate.of(List.of(result("cassandra", 3), result("cache", 3)), 5);
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.message()).startsWith("FAIL: 6 records missing at 500 ms");
  }
}
