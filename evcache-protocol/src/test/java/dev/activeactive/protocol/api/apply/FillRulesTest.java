package dev.activeactive.protocol.api.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.activeactive.protocol.api.apply.ApplyDecision.Action;
import dev.activeactive.protocol.api.version.Version;
import dev.activeactive.protocol.api.wire.Envelope;
import dev.activeactive.protocol.api.wire.Operation;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class FillRulesTest {

  private static final long NOW = 10_000_000_000L;
  private static final long HOLD_OFF = 2_000_000L;
  private static final byte[] LOADED = {1, 2, 3};

  private static FillRequest fill(OptionalLong version) {
    return new FillRequest("d:k", LOADED, 4, 0, version, HOLD_OFF, "r1");
  }

  private static CurrentItem tombstone(long micros, String region) {
    return new CurrentItem.Enveloped(Envelope.tombstone(new Version(micros, region)));
  }

  @Test
  void fillsAnAbsentKeyWithItsLoadedVersion() {
    ApplyDecision<FillResult> d = FillRules.decide(CurrentItem.ABSENT, fill(OptionalLong.of(500)), NOW);
    assertThat(d.result()).isEqualTo(FillResult.FILLED);
    assertThat(d.envelope()).isEqualTo(Envelope.value(new Version(500, "r1"), 4, LOADED));
  }

  @Test
  void anUnversionedFillOfAnAbsentKeyLosesToEveryRealWrite() {
    ApplyDecision<FillResult> d = FillRules.decide(CurrentItem.ABSENT, fill(OptionalLong.empty()), NOW);
    assertThat(d.result()).isEqualTo(FillResult.FILLED);
    assertThat(d.envelope().version()).isEqualTo(new Version(0, "r1"));
  }

  @Test
  void neverReplacesAValue() {
    CurrentItem value = new CurrentItem.Enveloped(Envelope.value(new Version(1, "r2"), 0, new byte[0]));
    assertThat(FillRules.decide(value, fill(OptionalLong.of(999)), NOW).result())
        .isEqualTo(FillResult.SKIPPED_VALUE_PRESENT);
    assertThat(FillRules.decide(value, fill(OptionalLong.empty()), NOW).result())
        .isEqualTo(FillResult.SKIPPED_VALUE_PRESENT);
  }

  @Test
  void aLoadOlderThanTheTombstoneIsKeptOut() {
    ApplyDecision<FillResult> d = FillRules.decide(tombstone(1000, "r2"), fill(OptionalLong.of(999)), NOW);
    assertThat(d.result()).isEqualTo(FillResult.SKIPPED_TOMBSTONE_NEWER);
    assertThat(d.action()).isEqualTo(Action.NONE);
  }

  @Test
  void aLoadAtOrAfterTheTombstoneFillsWithoutGoingBackwards() {
    ApplyDecision<FillResult> same = FillRules.decide(tombstone(1000, "r2"), fill(OptionalLong.of(1000)), NOW);
    assertThat(same.result()).isEqualTo(FillResult.FILLED);
    // (1000, r1) sorts before the tombstone's (1000, r2); the stored version must not go backwards
    assertThat(same.envelope().version()).isEqualTo(new Version(1000, "r2"));

    ApplyDecision<FillResult> newer = FillRules.decide(tombstone(1000, "r2"), fill(OptionalLong.of(1001)), NOW);
    assertThat(newer.envelope().version()).isEqualTo(new Version(1001, "r1"));
  }

  @Test
  void withoutAVersionWaitsOutTheHoldOff() {
    CurrentItem young = tombstone(NOW - HOLD_OFF + 1, "r2");
    assertThat(FillRules.decide(young, fill(OptionalLong.empty()), NOW).result())
        .isEqualTo(FillResult.SKIPPED_HOLD_OFF);
    CurrentItem old = tombstone(NOW - HOLD_OFF, "r2");
    ApplyDecision<FillResult> d = FillRules.decide(old, fill(OptionalLong.empty()), NOW);
    assertThat(d.result()).isEqualTo(FillResult.FILLED);
    assertThat(d.envelope().version()).isEqualTo(new Version(NOW - HOLD_OFF, "r2"));
    CurrentItem future = tombstone(NOW + 5_000_000, "r2"); // a region whose clock runs ahead
    assertThat(FillRules.decide(future, fill(OptionalLong.empty()), NOW).result())
        .isEqualTo(FillResult.SKIPPED_HOLD_OFF);
  }

  @Test
  void aFilledValueStillLosesToALateOlderReplicationButNotToADuplicateInvalidation() {
    ApplyDecision<FillResult> d = FillRules.decide(tombstone(1000, "r2"), fill(OptionalLong.empty()),
        NOW + HOLD_OFF + 1000);
    CurrentItem filled = new CurrentItem.Enveloped(d.envelope());
    Operation late = Operation.replicate("d:k", new Version(999, "r2"), 0, 0,
        new byte[0]);
    assertThat(ApplyRules.decide(filled, late, DatasetApplyRules.DEFAULT, 0).result()).isEqualTo(ApplyResult.STALE);
    Operation duplicate = Operation.invalidate("d:k", new Version(1000, "r2"));
    assertThat(ApplyRules.decide(filled, duplicate, DatasetApplyRules.DEFAULT, 0).result())
        .isEqualTo(ApplyResult.DUPLICATE);
  }

  @Test
  void fillsOverForeignItems() {
    CurrentItem foreign = CurrentItem.of(new byte[] {'x'});
    assertThat(FillRules.decide(foreign, fill(OptionalLong.of(5)), NOW).result()).isEqualTo(FillResult.FILLED);
  }
}
