package dev.activeactive.probe.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProbeConfigTest {

  @Test
  void defaultsAreNetflixsExperiment() {
    ProbeConfig c = ProbeConfig.builder().build();
    assertThat(c.records()).isEqualTo(1_000_000);
    assertThat(c.delay()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.anchor()).isEqualTo(DelayAnchor.PER_RECORD);
    assertThat(c.writeConsistency()).isEqualTo("LOCAL_QUORUM");
    assertThat(c.readConsistency()).isEqualTo("LOCAL_ONE");
    assertThat(c.concurrency()).isEqualTo(256);
    assertThat(c.lagSamples()).isEqualTo(2_000);
    assertThat(c.curvePoints()).extracting(Duration::toMillis)
        .containsExactly(0L, 5L, 10L, 25L, 50L, 100L, 250L, 500L, 1000L);
  }

  @Test
  void sampleSizeScalesWithTheRunSoPollingStaysASmallShareOfTheLoad() {
    assertThat(ProbeConfig.defaultLagSamples(50)).isEqualTo(50);
    assertThat(ProbeConfig.defaultLagSamples(20_000)).isEqualTo(200);
    assertThat(ProbeConfig.defaultLagSamples(10_000_000)).isEqualTo(2_000);
  }

  @Test
  void rejectsRunsThatCannotMeanAnything() {
    assertThatThrownBy(() -> ProbeConfig.builder().records(0).build()).hasMessageContaining("records");
    assertThatThrownBy(() -> ProbeConfig.builder().readRegion("us-east-1").build()).hasMessageContaining("differ");
    assertThatThrownBy(() -> ProbeConfig.builder().cachePolicy("NONE").build()).hasMessageContaining("cachePolicy");
    assertThatThrownBy(() -> ProbeConfig.builder().lagHorizon(Duration.ofMillis(1)).build())
        .hasMessageContaining("lagHorizon");
  }
}
