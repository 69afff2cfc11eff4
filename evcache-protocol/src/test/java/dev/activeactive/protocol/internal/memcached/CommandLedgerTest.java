package dev.activeactive.protocol.internal.memcached;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class CommandLedgerTest {

  private static final Object A = "server-a";
  private static final Object B = "server-b";

  @Test
  void beyondTheBoundACommandIsRefusedAtOnceNamingTheZone() {
    CommandLedger ledger = new CommandLedger("zone-b", 2);
    CommandLedger.Ticket first = ledger.issue(A);
    ledger.issue(A);

    assertThatThrownBy(() -> ledger.issue(B)).isInstanceOf(CommandLedger.SaturatedException.class)
        .hasMessageContaining("zone zone-b has 2 memcached commands outstanding");
    first.answered();
    assertThat(ledger.outstanding()).isEqualTo(1);
    ledger.issue(B);
  }

  @Test
  void aTimedOutCommandStaysCountedUntilALaterCommandToItsServerIsAnswered() {
    CommandLedger ledger = new CommandLedger("z", 10);
    CommandLedger.Ticket timedOut = ledger.issue(A);
    CommandLedger.Ticket later = ledger.issue(A);
    CommandLedger.Ticket elsewhere = ledger.issue(B);

    timedOut.abandoned();
    elsewhere.answered(); // another server answering says nothing about A's queue
    assertThat(ledger.outstanding()).isEqualTo(2);
    assertThat(ledger.abandoned()).isEqualTo(1);

    later.answered();
    assertThat(ledger.outstanding()).isZero();
    assertThat(ledger.abandoned()).isZero();
  }

  @Test
  void aCommandAnsweredBeforeTheTimeoutWasNoticedIsNotCountedTwice() {
    CommandLedger ledger = new CommandLedger("z", 10);
    CommandLedger.Ticket ticket = ledger.issue(A);
    ticket.answered();
    ticket.abandoned();
    assertThat(ledger.outstanding()).isZero();
    assertThat(ledger.abandoned()).isZero();
  }

  @Test
  void anAbandonedCommandIssuedBeforeAnAnsweredOneIsReleasedAtOnce() {
    CommandLedger ledger = new CommandLedger("z", 10);
    CommandLedger.Ticket early = ledger.issue(A);
    ledger.issue(A).answered();
    early.abandoned();
    assertThat(ledger.outstanding()).isZero();
  }

  @Test
  void aCommandSpymemcachedDroppedIsReleasedButProvesNothingAboutEarlierOnes() {
    CommandLedger ledger = new CommandLedger("z", 10);
    CommandLedger.Ticket timedOut = ledger.issue(A);
    CommandLedger.Ticket cancelled = ledger.issue(A);
    timedOut.abandoned();
    cancelled.dropped();
    assertThat(ledger.outstanding()).isEqualTo(1);
  }

  @Test
  void aServerWithTimedOutCommandsIsProbedOnceAtATimeAndItsAnswerReleasesThem() {
    CommandLedger ledger = new CommandLedger("z", 10);
    ledger.issue(A).abandoned();
    ledger.issue(A).abandoned();
    ledger.issue(B).answered();
    List<Object> probed = new ArrayList<>();
    List<Consumer<Boolean>> answers = new ArrayList<>();

    long minute = 60_000_000_000L;
    ledger.serversToProbe(minute, (server, answer) -> {
      probed.add(server);
      answers.add(answer);
    });
    ledger.serversToProbe(minute, (server, answer) -> probed.add(server)); // in flight: not probed again
    assertThat(probed).containsExactly(A);

    answers.get(0).accept(false); // the probe failed (server still down): nothing released, probe again later
    assertThat(ledger.outstanding()).isEqualTo(2);
    ledger.serversToProbe(minute, (server, answer) -> answer.accept(true));
    assertThat(ledger.outstanding()).isZero();
    assertThat(ledger.abandoned()).isZero();
  }

  @Test
  void aProbeThatNeverAnswersIsReplacedOnceItIsStale() {
    CommandLedger ledger = new CommandLedger("z", 10);
    ledger.issue(A).abandoned();
    List<Object> probed = new ArrayList<>();
    ledger.serversToProbe(0, (server, answer) -> probed.add(server)); // dropped unanswered by spymemcached
    ledger.serversToProbe(0, (server, answer) -> answer.accept(true));
    assertThat(probed).containsExactly(A);
    assertThat(ledger.outstanding()).isZero();
  }
}
