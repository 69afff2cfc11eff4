package dev.activeactive.relay.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.activeactive.protocol.api.apply.DatasetApplyRules;
import dev.activeactive.protocol.api.version.Version;
import dev.activeactive.protocol.api.wire.Envelope;
import dev.activeactive.protocol.api.wire.MessageCodec;
import dev.activeactive.protocol.api.wire.MessageSigner;
import dev.activeactive.protocol.api.wire.Operation;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.RegionSandboxTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay against the sandbox's real memcached and SQS, fed with what region us-east-1 would publish. */
@RegionSandboxTest
class RelayApplyIT {
  private static final Duration AWAIT = Duration.ofSeconds(30);
  private static final AtomicLong CLOCK = new AtomicLong(System.currentTimeMillis() * 1000);

  private RelayFixture fixture;
  private InvalidationRelay relay;

  @BeforeEach
  void setUp(RegionSandbox sandbox) throws Exception {
    fixture = new RelayFixture(sandbox, "us-east-1", "us-west-2");
    fixture.purgeQueues();
  }

  @AfterEach
  void tearDown() {
    if (relay != null) {
      relay.close();
    }
    fixture.close();
  }

  private static Version eastVersion() {
    // increasing, and recent: a REPLICATE older than its tombstone window is not stored on an absent key
    return new Version(CLOCK.updateAndGet(prev -> Math.max(prev + 1000, System.currentTimeMillis() * 1000)),
        "us-east-1");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private void awaitInEveryZone(String key, java.util.function.Predicate<Envelope> condition) {
    awaitInEveryZone(key, condition, AWAIT);
  }

  private void awaitInEveryZone(String key, java.util.function.Predicate<Envelope> condition, Duration deadline) {
    await().atMost(deadline).ignoreExceptions().untilAsserted(() -> {
      for (int zone = 0; zone < fixture.zoneCount(); zone++) {
        assertThat(condition.test(fixture.stored(zone, key))).as("zone %d holds %s", zone, fixture.stored(zone, key))
            .isTrue();
      }
    });
  }

  @Test
  void replicateStoresTheValueWithItsExpiryInEveryZone() {
    relay = fixture.relayBuilder().build().start();
    Version v = eastVersion();
    long expiry = Instant.now().plusSeconds(3600).getEpochSecond();
    fixture.publish(Operation.replicate("profiles:alice", v, expiry, 42, bytes("alice-v1")));
    awaitInEveryZone("profiles:alice", e -> e != null && !e.isTombstone() && e.version().equals(v)
        && e.flags() == 42 && new String(e.payload(), StandardCharsets.UTF_8).equals("alice-v1"));
    // an expiry already in the past never brings the value in
    Version late = eastVersion();
    fixture.publish(Operation.replicate("profiles:expired", late, Instant.now().minusSeconds(5).getEpochSecond(), 0,
        bytes("gone")));
    Version marker = eastVersion();
    fixture.publish(Operation.replicate("profiles:marker", marker, 0, 0, bytes("m")));
    awaitInEveryZone("profiles:marker", e -> e != null);
    awaitInEveryZone("profiles:expired", e -> e == null || e.isTombstone());
    assertThat(relay.stats().operationsApplied()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void invalidateAndDeleteLeaveVersionedTombstones() {
    relay = fixture.relayBuilder().build().start();
    Version v1 = eastVersion();
    fixture.publish(Operation.replicate("profiles:bob", v1, 0, 0, bytes("bob-v1")));
    awaitInEveryZone("profiles:bob", e -> e != null && e.version().equals(v1));

    Version v2 = eastVersion();
    fixture.publish(Operation.invalidate("profiles:bob", v2));
    awaitInEveryZone("profiles:bob", e -> e != null && e.isTombstone() && e.version().equals(v2));

    Version v3 = eastVersion();
    fixture.publish(Operation.replicate("profiles:carol", v3, 0, 0, bytes("carol")));
    awaitInEveryZone("profiles:carol", e -> e != null && !e.isTombstone());
    Version v4 = eastVersion();
    fixture.publish(Operation.delete("profiles:carol", v4));
    awaitInEveryZone("profiles:carol", e -> e != null && e.isTombstone() && e.version().equals(v4));
  }

  @Test
  void duplicatedAndReorderedDeliveriesLeaveTheNewestValue() {
    relay = fixture.relayBuilder().build().start();
    Version older = eastVersion();
    Version newer = eastVersion();
    Version newest = eastVersion();
    // newest first, then the older ones and duplicates, as SQS may deliver them
    fixture.publish(Operation.replicate("profiles:dave", newest, 0, 0, bytes("v3")));
    fixture.publish(Operation.replicate("profiles:dave", older, 0, 0, bytes("v1")));
    fixture.publish(Operation.replicate("profiles:dave", newest, 0, 0, bytes("v3")));
    fixture.publish(Operation.replicate("profiles:dave", newer, 0, 0, bytes("v2")));
    fixture.publish(Operation.replicate("profiles:dave", older, 0, 0, bytes("v1")));
    await().atMost(AWAIT).until(() -> relay.stats().messagesApplied() >= 5);
    awaitInEveryZone("profiles:dave", e -> e != null && e.version().equals(newest)
        && new String(e.payload(), StandardCharsets.UTF_8).equals("v3"));

    // a tombstone is not undone by an older replicated value arriving late
    Version invalidated = eastVersion();
    fixture.publish(Operation.invalidate("profiles:dave", invalidated));
    awaitInEveryZone("profiles:dave", e -> e != null && e.isTombstone());
    fixture.publish(Operation.replicate("profiles:dave", newest, 0, 0, bytes("v3")));
    await().atMost(AWAIT).until(() -> relay.stats().messagesApplied() >= 7);
    awaitInEveryZone("profiles:dave", e -> e != null && e.isTombstone() && e.version().equals(invalidated));
  }

  /**
   * A REPLICATE delayed past its dataset's tombstone window (spool, redelivery, redrive, replay): the delete that
   * superseded it is gone from memcached by then, and storing the value would bring it back in this region only.
   */
  @Test
  void aReplicateDeliveredAfterItsKeysTombstoneExpiredLeavesTheKeyDeleted() {
    relay = fixture.relayBuilder().build().start();
    // a 3 s window: with 1 s the relay's first apply on a loaded machine came after the tombstone had expired,
    // so it was never seen (the test failed twice in a fresh-clone run at load 18)
    DatasetApplyRules shortWindow = new DatasetApplyRules(3, false);
    Version written = eastVersion();
    Version deleted = eastVersion();
    fixture.publish(Operation.delete("profiles:late", deleted).withRules(shortWindow));
    awaitInEveryZone("profiles:late", e -> e != null && e.isTombstone());
    awaitInEveryZone("profiles:late", e -> e == null); // the tombstone expired
    await().atMost(AWAIT).until(() -> System.currentTimeMillis() * 1000 - written.timestampMicros() > 4_000_000);
    fixture.publish(Operation.replicate("profiles:late", written, 0, 0, bytes("resurrected")).withRules(shortWindow));
    await().atMost(AWAIT).until(() -> relay.stats().operationsRefused().getOrDefault("REPLICATE_TOO_OLD", 0L)
        >= fixture.zoneCount());
    awaitInEveryZone("profiles:late", e -> e == null);
    assertThat(fixture.deadLetters()).isEmpty();
  }

  /** A version in nanoseconds by mistake, or forged: it would beat every later write and delete for good. */
  @Test
  void aFarFutureVersionIsNotAppliedAndItsReasonIsCounted() {
    relay = fixture.relayBuilder().build().start();
    Version v = eastVersion();
    fixture.publish(Operation.replicate("profiles:future", v, 0, 0, bytes("current")));
    awaitInEveryZone("profiles:future", e -> e != null && e.version().equals(v));
    Version nanos = new Version(System.currentTimeMillis() * 1_000_000L, "us-east-1");
    fixture.publish(Operation.invalidate("profiles:future", nanos));
    await().atMost(AWAIT).until(() -> relay.stats().operationsRefused().getOrDefault("FUTURE_VERSION", 0L)
        >= fixture.zoneCount());
    Version later = eastVersion();
    fixture.publish(Operation.replicate("profiles:future", later, 0, 0, bytes("later")));
    awaitInEveryZone("profiles:future", e -> e != null && e.version().equals(later));
    assertThat(relay.stats().messagesApplied()).isEqualTo(3); // the refused one is settled, not retried
    assertThat(fixture.deadLetters()).isEmpty();
  }

  /**
   * Without a redrive policy a rejected message, made visible again at once, would loop hot for ever. Start-up
   * refuses such a queue unless the configuration says on purpose that it runs without one.
   */
  @Test
  void aQueueWithoutARedrivePolicyIsRefusedUnlessBackOffIsChosen() {
    String queue = fixture.queueWithoutRedrivePolicy();
    InvalidationRelay refused = fixture.relayBuilder().queue(queue).build();
    try {
      assertThatThrownBy(refused::start).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no redrive policy").hasMessageContaining("rejected-messages = back-off");
    } finally {
      refused.close();
    }
    relay = fixture.relayBuilder().queue(queue).rejectedMessages(RejectedMessages.BACK_OFF).build().start();
    assertThat(relay.config().rejectedMessages()).isEqualTo(RejectedMessages.BACK_OFF);
  }

  /**
   * A frozen zone (SIGSTOP: its connections stay up) must make the relay not ready within seconds (the service's
   * /health answers 503 exactly when {@link InvalidationRelay#isReady()} is false), and the messages
   * published meanwhile must wait, not burn their receives into the dead-letter queue, and be applied after.
   */
  @Test
  void aFrozenZoneTurnsHealthTo503AndItsMessagesWaitForIt(RegionSandbox sandbox) throws Exception {
    // the shortest visibility timeout the relay takes: a relay that kept receiving the waiting message would burn
    // the queue's maxReceiveCount receives in about as many seconds, so a shorter freeze proves the wait
    Duration visibility = Duration.ofSeconds(1);
    relay = fixture.relayBuilder().visibilityTimeout(visibility).build().start();
    {
      await().atMost(AWAIT).until(relay::isReady);
      // a value the zone holds when it freezes; an update it misses meanwhile would leave it stale
      Version old = eastVersion();
      fixture.publish(Operation.replicate("profiles:missed", old, 0, 0, bytes("old")));
      awaitInEveryZone("profiles:missed", e -> e != null && e.version().equals(old));
      String zone = fixture.target.zones().get(0).name();
      sandbox.faults().pauseMemcached(fixture.target.name(), zone);
      try {
        long frozenAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
            .until(() -> !relay.isReady());
        assertThat(Duration.ofNanos(System.nanoTime() - frozenAt)).isLessThan(Duration.ofSeconds(5));
        Version v = eastVersion();
        fixture.publish(Operation.invalidate("profiles:frozen", v));
        // longer than maxReceiveCount (5 in the sandbox) x the visibility timeout would allow if it kept retrying:
        // 7 s against 5 x 1 s (was 12 s against 5 x 2 s)
        Thread.sleep(visibility.multipliedBy(7).toMillis());
        assertThat(fixture.deadLetters()).isEmpty();
      } finally {
        sandbox.faults().resumeMemcached(fixture.target.name(), zone);
      }
      // after a 12 s freeze the relay took 9 s in one run and over 30 s in another to trust the zone again (cause
      // not found yet; see the issue-12 note): the bound here is the behaviour, not its speed
      await().atMost(Duration.ofSeconds(90)).until(relay::isReady);
      awaitInEveryZone("profiles:frozen", e -> e != null && e.isTombstone());
      // the zone was flushed before it was trusted again: it serves no value it may have missed an update for
      assertThat(fixture.stored(0, "profiles:missed")).isNull();
      assertThat(fixture.deadLetters()).isEmpty();
    }
  }

  @Test
  void aPoisonMessageEndsInTheDeadLetterQueueWhileGoodOnesAroundItApply() {
    relay = fixture.relayBuilder().build().start();
    Version before = eastVersion();
    fixture.publish(Operation.replicate("profiles:before", before, 0, 0, bytes("ok")));
    fixture.publishBody("AAM:this is not base64 at all!!!");
    fixture.publishBody("{\"json\":\"from someone else\"}");
    Version after = eastVersion();
    fixture.publish(Operation.replicate("profiles:after", after, 0, 0, bytes("ok")));

    awaitInEveryZone("profiles:before", e -> e != null && e.version().equals(before));
    awaitInEveryZone("profiles:after", e -> e != null && e.version().equals(after));
    var dead = new java.util.ArrayList<String>();
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      dead.addAll(fixture.deadLetters());
      assertThat(dead).contains("AAM:this is not base64 at all!!!", "{\"json\":\"from someone else\"}");
    });
    assertThat(relay.stats().messagesRejected()).isNotEmpty();
    assertThat(relay.stats().rejectedTotal()).isGreaterThanOrEqualTo(2);
    assertThat(relay.isReady()).isTrue();
  }

  @Test
  void aRelayWithASecretRejectsUnsignedAndForgedMessages(RegionSandbox sandbox) throws Exception {
    byte[] secret = bytes("a shared secret of 32+ bytes....");
    relay = fixture.relayBuilder().signingSecret(secret).build().start();
    try (RelayFixture signed = new RelayFixture(sandbox, "us-east-1", "us-west-2",
        new MessageCodec(MessageCodec.SQS_MAX_BODY_BYTES, MessageSigner.of(secret)));
        RelayFixture forged = new RelayFixture(sandbox, "us-east-1", "us-west-2",
            new MessageCodec(MessageCodec.SQS_MAX_BODY_BYTES, MessageSigner.of(bytes("another secret, not the shared")))))
    {
      Version unsignedVersion = eastVersion();
      fixture.publish(Operation.replicate("profiles:unsigned", unsignedVersion, 0, 0, bytes("x")));
      forged.publish(Operation.replicate("profiles:forged", eastVersion(), 0, 0, bytes("x")));
      Version good = eastVersion();
      signed.publish(Operation.replicate("profiles:signed", good, 0, 0, bytes("x")));
      awaitInEveryZone("profiles:signed", e -> e != null && e.version().equals(good));
      await().atMost(AWAIT).until(() -> relay.stats().rejectedTotal() >= 2);
      assertThat(fixture.stored(0, "profiles:unsigned")).isNull();
      assertThat(fixture.stored(0, "profiles:forged")).isNull();
    }
  }

  @Test
  void aZoneThatIsDownMakesTheMessageWaitUntilItIsBack(RegionSandbox sandbox) {
    relay = fixture.relayBuilder().build().start();
    String zoneB = fixture.target.zones().get(1).name();
    sandbox.faults().stopMemcached("us-west-2", zoneB);
    Version v = eastVersion();
    fixture.publish(Operation.replicate("profiles:erin", v, 0, 0, bytes("erin")));
    // the relay notices and waits (receiving paused, or the message retried if it was already received)
    await().atMost(AWAIT).until(() -> !relay.isReady());
    assertThat(relay.stats().messagesApplied()).isZero();
    assertThat(fixture.deadLetters()).isEmpty();
    sandbox.faults().startMemcached("us-west-2", zoneB);
    // a message received before the relay noticed the outage comes back only after the queue's visibility
    // timeout (30 s in the sandbox): allow for it and for the zone's reconnect
    awaitInEveryZone("profiles:erin", e -> e != null && e.version().equals(v), Duration.ofSeconds(75));
    // counted once its deletion is under way, a moment after the zones hold it
    await().atMost(AWAIT).until(() -> relay.stats().messagesApplied() == 1);
    assertThat(fixture.deadLetters()).isEmpty();
  }
}
