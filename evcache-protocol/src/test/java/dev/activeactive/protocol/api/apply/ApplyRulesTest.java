package dev.activeactive.protocol.api.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.activeactive.protocol.api.apply.ApplyDecision.Action;
import dev.activeactive.protocol.api.version.Version;
import dev.activeactive.protocol.api.wire.Envelope;
import dev.activeactive.protocol.api.wire.EnvelopeCodec;
import dev.activeactive.protocol.api.wire.EnvelopeFormatException;
import dev.activeactive.protocol.api.wire.Operation;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApplyRulesTest {

  private static final long NOW = 1_700_000_000L;
  private static final DatasetApplyRules TOMBSTONES = new DatasetApplyRules(30, false);
  private static final DatasetApplyRules PLAIN = new DatasetApplyRules(30, true);
  private static final byte[] NEW_VALUE = "new".getBytes(StandardCharsets.UTF_8);

  /** Versions a few milliseconds before {@link #NOW}, {@code micros} apart: recent, as live traffic is. */
  private static Version v(long micros) {
    return new Version(RECENT + micros, "r1");
  }

  private static final long RECENT = NOW * 1_000_000L - 5_000;

  private static CurrentItem value(long micros) {
    return new CurrentItem.Enveloped(Envelope.value(v(micros), 0, "old".getBytes(StandardCharsets.UTF_8)));
  }

  private static CurrentItem tombstone(long micros) {
    return new CurrentItem.Enveloped(Envelope.tombstone(v(micros)));
  }

  private static CurrentItem foreign() {
    return CurrentItem.of("written by someone else".getBytes(StandardCharsets.UTF_8));
  }

  private static Operation replicate(long micros) {
    return Operation.replicate("d:k", v(micros), NOW + 100, 7, NEW_VALUE);
  }

  /** The decision table: stored state x incoming operation x version order. */
  @ParameterizedTest(name = "{0} {1} <- {2} {3}: {4}")
  @CsvSource({
      // stored,   stored v, op,         op v, expected
      "ABSENT,     0,        REPLICATE,  5,    STORED_VALUE",
      "ABSENT,     0,        INVALIDATE, 5,    STORED_TOMBSTONE",
      "ABSENT,     0,        DELETE,     5,    STORED_TOMBSTONE",
      "FOREIGN,    0,        REPLICATE,  5,    STORED_VALUE",
      "FOREIGN,    0,        INVALIDATE, 5,    STORED_TOMBSTONE",
      "VALUE,      5,        REPLICATE,  6,    STORED_VALUE",
      "VALUE,      5,        REPLICATE,  5,    DUPLICATE",
      "VALUE,      5,        REPLICATE,  4,    STALE",
      "VALUE,      5,        INVALIDATE, 6,    STORED_TOMBSTONE",
      "VALUE,      5,        INVALIDATE, 5,    DUPLICATE",
      "VALUE,      5,        DELETE,     4,    STALE",
      "TOMBSTONE,  5,        REPLICATE,  6,    STORED_VALUE",
      "TOMBSTONE,  5,        REPLICATE,  4,    STALE",
      "TOMBSTONE,  5,        REPLICATE,  5,    DUPLICATE",
      "TOMBSTONE,  5,        DELETE,     6,    STORED_TOMBSTONE",
      "TOMBSTONE,  5,        INVALIDATE, 5,    DUPLICATE",
      "TOMBSTONE,  5,        INVALIDATE, 4,    STALE",
  })
  void decisionTable(String stored, long storedMicros, String type, long opMicros, ApplyResult expected) {
    CurrentItem current = switch (stored) {
      case "ABSENT" -> CurrentItem.ABSENT;
      case "FOREIGN" -> foreign();
      case "VALUE" -> value(storedMicros);
      default -> tombstone(storedMicros);
    };
    Operation op = switch (type) {
      case "REPLICATE" -> replicate(opMicros);
      case "INVALIDATE" -> Operation.invalidate("d:k", v(opMicros));
      default -> Operation.delete("d:k", v(opMicros));
    };
    ApplyDecision<ApplyResult> decision = ApplyRules.decide(current, op, TOMBSTONES, NOW);
    assertThat(decision.result()).isEqualTo(expected);
    switch (expected) {
      case STORED_VALUE -> {
        assertThat(decision.action()).isEqualTo(Action.STORE);
        assertThat(decision.envelope()).isEqualTo(Envelope.value(v(opMicros), 7, NEW_VALUE));
        assertThat(decision.expiry()).isEqualTo((int) (NOW + 100));
      }
      case STORED_TOMBSTONE -> {
        assertThat(decision.action()).isEqualTo(Action.STORE);
        assertThat(decision.envelope()).isEqualTo(Envelope.tombstone(v(opMicros)));
        assertThat(decision.expiry()).isEqualTo(30);
      }
      default -> assertThat(decision.action()).isEqualTo(Action.NONE);
    }
  }

  @Test
  void regionBreaksTiesAtEqualTimestamps() {
    CurrentItem stored = new CurrentItem.Enveloped(Envelope.value(new Version(5, "r2"), 0, new byte[0]));
    assertThat(ApplyRules.decide(stored, Operation.invalidate("d:k", new Version(5, "r1")), TOMBSTONES, NOW).result())
        .isEqualTo(ApplyResult.STALE);
    assertThat(ApplyRules.decide(stored, Operation.invalidate("d:k", new Version(5, "r3")), TOMBSTONES, NOW).result())
        .isEqualTo(ApplyResult.STORED_TOMBSTONE);
  }

  @Test
  void anExpiredReplicatedValueLeavesATombstone() {
    Operation expired = Operation.replicate("d:k", v(9), NOW, 0, NEW_VALUE);
    ApplyDecision<ApplyResult> decision = ApplyRules.decide(value(5), expired, TOMBSTONES, NOW);
    assertThat(decision.result()).isEqualTo(ApplyResult.STORED_TOMBSTONE);
    assertThat(decision.envelope()).isEqualTo(Envelope.tombstone(v(9)));
  }

  @Test
  void noExpiryMeansNever() {
    Operation forever = Operation.replicate("d:k", v(9), 0, 0, NEW_VALUE);
    ApplyDecision<ApplyResult> decision = ApplyRules.decide(CurrentItem.ABSENT, forever, TOMBSTONES, NOW);
    assertThat(decision.result()).isEqualTo(ApplyResult.STORED_VALUE);
    assertThat(decision.expiry()).isZero();
  }

  @Test
  void expiriesPast2038AreClamped() {
    Operation far = Operation.replicate("d:k", v(9), 0xFFFF_FFF0L, 0, NEW_VALUE);
    assertThat(ApplyRules.decide(CurrentItem.ABSENT, far, TOMBSTONES, NOW).expiry()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void plainDeleteDatasetsDeleteOlderItemsOnly() {
    Operation invalidate = Operation.invalidate("d:k", v(6));
    assertThat(ApplyRules.decide(value(5), invalidate, PLAIN, NOW).action()).isEqualTo(Action.DELETE);
    assertThat(ApplyRules.decide(foreign(), invalidate, PLAIN, NOW).action()).isEqualTo(Action.DELETE);
    assertThat(ApplyRules.decide(value(7), invalidate, PLAIN, NOW).result()).isEqualTo(ApplyResult.STALE);
    assertThat(ApplyRules.decide(CurrentItem.ABSENT, invalidate, PLAIN, NOW).result())
        .isEqualTo(ApplyResult.ALREADY_ABSENT);
    assertThat(ApplyRules.decide(value(5), replicate(6), PLAIN, NOW).result()).isEqualTo(ApplyResult.STORED_VALUE);
  }

  @Test
  void classifiesRawItems() {
    assertThat(CurrentItem.of(null)).isEqualTo(CurrentItem.ABSENT);
    assertThat(CurrentItem.of(EnvelopeCodec.encode(Envelope.tombstone(v(1)))))
        .isEqualTo(new CurrentItem.Enveloped(Envelope.tombstone(v(1))));
    assertThat(CurrentItem.of(new byte[] {1, 2, 3}))
        .isEqualTo(new CurrentItem.Foreign(EnvelopeFormatException.Reason.NOT_AN_ENVELOPE));
    assertThat(CurrentItem.of(new byte[] {(byte) 0xFE, 9}))
        .isEqualTo(new CurrentItem.Foreign(EnvelopeFormatException.Reason.UNSUPPORTED_VERSION));
  }

  /**
   * A REPLICATE older than its dataset's tombstone window may have been deleted since, by a delete whose tombstone
   * has expired already; on an absent key nothing proves it is still current, so it must not become a value there
   * (it would live in this region only).
   */
  @Test
  void aReplicateOlderThanTheTombstoneWindowIsNotStoredOnAnAbsentKey() {
    Version old = new Version((NOW - 31) * 1_000_000L, "r1"); // the tombstone window is 30 s
    Operation late = Operation.replicate("d:k", old, NOW + 3600, 0, NEW_VALUE);
    for (CurrentItem current : new CurrentItem[] {CurrentItem.ABSENT, foreign()}) {
      ApplyDecision<ApplyResult> decision = ApplyRules.decide(current, late, TOMBSTONES, NOW);
      assertThat(decision.action()).isNotEqualTo(Action.STORE);
      assertThat(decision.result().name()).isEqualTo("REPLICATE_TOO_OLD");
      assertThat(decision.result().isSettled()).isTrue();
    }
    assertThat(ApplyRules.decide(CurrentItem.ABSENT, late, PLAIN, NOW).result().name()).isEqualTo("REPLICATE_TOO_OLD");
    // inside the window it is stored, and over an older stored version it is ordered as always
    Version recent = new Version((NOW - 29) * 1_000_000L, "r1");
    assertThat(ApplyRules.decide(CurrentItem.ABSENT, Operation.replicate("d:k", recent, NOW + 3600, 0, NEW_VALUE),
        TOMBSTONES, NOW).result()).isEqualTo(ApplyResult.STORED_VALUE);
    CurrentItem older = new CurrentItem.Enveloped(Envelope.value(new Version(old.timestampMicros() - 1, "r1"), 0,
        NEW_VALUE));
    assertThat(ApplyRules.decide(older, late, TOMBSTONES, NOW).result()).isEqualTo(ApplyResult.STORED_VALUE);
  }

  /** A version beyond now plus the skew bound (nanoseconds by mistake, or forged) would beat every later write. */
  @Test
  void aVersionBeyondTheSkewBoundIsRejected() {
    Version nanos = new Version(NOW * 1_000_000_000L, "r1");
    Version justPast = new Version((NOW + 61) * 1_000_000L, "r1"); // the default bound is 60 s
    for (Version future : new Version[] {nanos, justPast}) {
      for (Operation op : new Operation[] {Operation.replicate("d:k", future, 0, 0, NEW_VALUE),
          Operation.invalidate("d:k", future), Operation.delete("d:k", future)}) {
        for (CurrentItem current : new CurrentItem[] {CurrentItem.ABSENT, value(5), tombstone(5)}) {
          ApplyDecision<ApplyResult> decision = ApplyRules.decide(current, op, TOMBSTONES, NOW);
          assertThat(decision.action()).isEqualTo(Action.NONE);
          assertThat(decision.result().name()).isEqualTo("FUTURE_VERSION");
        }
      }
    }
    Version withinBound = new Version((NOW + 59) * 1_000_000L, "r1");
    assertThat(ApplyRules.decide(value(5), Operation.invalidate("d:k", withinBound), TOMBSTONES, NOW).result())
        .isEqualTo(ApplyResult.STORED_TOMBSTONE);
  }
}
