package dev.activeactive.evcache.internal.publish;

import static dev.activeactive.evcache.internal.publish.PublisherMode.CLOSED;
import static dev.activeactive.evcache.internal.publish.PublisherMode.CLOSING;
import static dev.activeactive.evcache.internal.publish.PublisherMode.DIRECT;
import static dev.activeactive.evcache.internal.publish.PublisherMode.FAILED;
import static dev.activeactive.evcache.internal.publish.PublisherMode.SPOOLING;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The publisher's mode rules, one transition at a time. */
class ModeDecisionTest {

  // arguments: current, closeRequested, hasSpool, requestFailed, overHalfFull, replayCaughtUp, readyEmpty

  @Test
  void aFailedRequestOrAHalfFullBufferStartsSpoolingOnlyWithASpool() {
    assertThat(ModeDecision.next(DIRECT, false, true, true, false, true, true)).isEqualTo(SPOOLING);
    assertThat(ModeDecision.next(DIRECT, false, true, false, true, true, true)).isEqualTo(SPOOLING);
    assertThat(ModeDecision.next(DIRECT, false, false, true, true, true, true)).isEqualTo(DIRECT);
    assertThat(ModeDecision.next(DIRECT, false, true, false, false, true, true)).isEqualTo(DIRECT);
  }

  @Test
  void spoolingEndsOnlyOnceTheReplayHasSentEverythingAndNothingFails() {
    assertThat(ModeDecision.next(SPOOLING, false, true, false, false, true, true)).isEqualTo(DIRECT);
    assertThat(ModeDecision.next(SPOOLING, false, true, false, false, false, true)).isEqualTo(SPOOLING);
    assertThat(ModeDecision.next(SPOOLING, false, true, false, false, true, false)).isEqualTo(SPOOLING);
    assertThat(ModeDecision.next(SPOOLING, false, true, true, false, true, true)).isEqualTo(SPOOLING);
    assertThat(ModeDecision.next(SPOOLING, false, true, false, true, true, true)).isEqualTo(SPOOLING);
  }

  @Test
  void closeWinsFromAnAcceptingModeAndTheEndStatesStay() {
    assertThat(ModeDecision.next(DIRECT, true, true, true, true, false, false)).isEqualTo(CLOSING);
    assertThat(ModeDecision.next(SPOOLING, true, true, false, false, true, true)).isEqualTo(CLOSING);
    assertThat(ModeDecision.next(CLOSING, true, true, false, false, true, true)).isEqualTo(CLOSING);
    assertThat(ModeDecision.next(CLOSED, true, true, false, false, true, true)).isEqualTo(CLOSED);
    assertThat(ModeDecision.next(FAILED, true, true, true, false, true, true)).isEqualTo(FAILED);
  }
}
