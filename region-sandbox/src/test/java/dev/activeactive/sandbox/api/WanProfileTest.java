package dev.activeactive.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WanProfileTest {

  @Test
  void theDefaultIsNetflixsPairAt70MsRoundTrip() {
    assertThat(WanProfile.DEFAULT.name()).isEqualTo("us-east-1/us-west-2");
    assertThat(WanProfile.DEFAULT.roundTrip()).isEqualTo(Duration.ofMillis(70));
    assertThat(RegionSandbox.builder().config().wan()).isEqualTo(WanProfile.DEFAULT);
  }

  @Test
  void namedProfilesParseByName() {
    for (WanProfile p : WanProfile.named()) {
      assertThat(WanProfile.parse(p.name())).isEqualTo(p);
      assertThat(WanProfile.parse(p.spec())).isEqualTo(p);
    }
    assertThat(WanProfile.parse("NONE")).isEqualTo(WanProfile.NONE);
  }

  @Test
  void customShapesParseAndRoundTripThroughTheirSpec() {
    WanProfile p = WanProfile.parse("rtt=120ms,jitter=5ms,bandwidth=50MB/s");
    assertThat(p.oneWayDelay()).isEqualTo(Duration.ofMillis(60));
    assertThat(p.jitter()).isEqualTo(Duration.ofMillis(5));
    assertThat(p.bandwidthBytesPerSecond()).isEqualTo(50_000_000);
    WanProfile again = WanProfile.parse(p.spec());
    assertThat(again.oneWayDelay()).isEqualTo(p.oneWayDelay());
    assertThat(again.jitter()).isEqualTo(p.jitter());
    assertThat(again.bandwidthBytesPerSecond()).isEqualTo(p.bandwidthBytesPerSecond());
  }

  @Test
  void anUnknownNameListsTheValidOnes() {
    assertThatThrownBy(() -> WanProfile.parse("us-east1/us-west2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("us-east-1/us-west-2").hasMessageContaining("none").hasMessageContaining("rtt=");
    assertThatThrownBy(() -> WanProfile.parse("rtt=fast")).hasMessageContaining("rtt=<n>ms");
  }

  @Test
  void aDelayTooLongToBeAWanIsRefused() {
    assertThatThrownBy(() -> WanProfile.parse("one-way=20s")).hasMessageContaining("partition");
  }
}
