package dev.activeactive.relay.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.activeactive.relay.internal.ZoneTrust.Action;
import dev.activeactive.relay.internal.ZoneTrust.State;
import org.junit.jupiter.api.Test;

class ZoneTrustTest {

  @Test
  void oneLateProbeOfATrustedZonePausesReceivingButDoesNotFlushIt() {
    ZoneTrust trust = new ZoneTrust();
    trust.probed(true);
    assertThat(trust.probed(false)).isEqualTo(Action.NONE);
    assertThat(trust.state()).isEqualTo(State.SUSPECT);
    assertThat(trust.isTrusted()).isFalse();
    assertThat(trust.probed(true)).as("a busy zone that answered late once keeps its contents").isEqualTo(Action.NONE);
    assertThat(trust.isTrusted()).isTrue();
  }

  @Test
  void missedProbesInARowAreAnOutageAndTheZoneIsFlushedBeforeItIsTrustedAgain() {
    ZoneTrust trust = new ZoneTrust();
    trust.probed(true);
    assertThat(trust.probed(false)).isEqualTo(Action.NONE);
    assertThat(trust.probed(false)).isEqualTo(Action.REPORT_NOT_ANSWERING);
    assertThat(trust.probed(false)).as("reported once per outage").isEqualTo(Action.NONE);
    assertThat(trust.probed(true)).isEqualTo(Action.FLUSH);
    assertThat(trust.isTrusted()).as("not before the flush").isFalse();
    trust.flushed(false);
    assertThat(trust.isTrusted()).isFalse();
    assertThat(trust.probed(true)).as("a failed flush is tried again").isEqualTo(Action.FLUSH);
    trust.flushed(true);
    assertThat(trust.isTrusted()).isTrue();
  }

  @Test
  void aZoneDownAtStartIsFlushedWhenItFirstAnswers() {
    ZoneTrust trust = new ZoneTrust();
    assertThat(trust.isTrusted()).isFalse();
    assertThat(trust.probed(false)).isEqualTo(Action.REPORT_NOT_ANSWERING);
    assertThat(trust.probed(true)).isEqualTo(Action.FLUSH);
  }

  @Test
  void aLateProbeBetweenAnswersResetsTheCount() {
    ZoneTrust trust = new ZoneTrust();
    trust.probed(true);
    for (int i = 0; i < 5; i++) {
      assertThat(trust.probed(false)).isEqualTo(Action.NONE);
      assertThat(trust.probed(true)).isEqualTo(Action.NONE);
    }
    assertThat(trust.isTrusted()).isTrue();
  }
}
