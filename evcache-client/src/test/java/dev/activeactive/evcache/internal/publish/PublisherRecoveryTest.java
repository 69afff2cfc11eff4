package dev.activeactive.evcache.internal.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.activeactive.evcache.api.OverflowPolicy;
import dev.activeactive.evcache.internal.spool.SpoolOptions;
import dev.activeactive.protocol.api.version.Version;
import dev.activeactive.protocol.api.wire.MalformedMessageException;
import dev.activeactive.protocol.api.wire.MessageCodec;
import dev.activeactive.protocol.api.wire.Operation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publisher's way out of trouble, against a fake queue that answers a round trip after each request (70 ms,
 * the round trip of region-sandbox's default WAN profile, us-east-1 to us-west-2).
 */
class PublisherRecoveryTest {

  static final Duration ROUND_TRIP = Duration.ofMillis(70);
  private static final MessageCodec READER = new MessageCodec();
  private static final AtomicLong CLOCK = new AtomicLong(1_700_000_000_000_000L);
  private static final String REGION = "us-west-2";

  @TempDir
  Path tmp;

  private final List<DefaultPublisher> publishers = new ArrayList<>();
  private final DefaultPublisherTest.CountingListener listener = new DefaultPublisherTest.CountingListener();

  @AfterEach
  void closeAll() {
    publishers.forEach(DefaultPublisher::close);
  }

  /** The defaults of PublisherConfig (5 ms linger, 4 requests in flight, 100 ms first retry), with a spool. */
  private PublisherSettings defaults(Path spool) {
    return new PublisherSettings(Duration.ofMillis(5), true, 32L << 20, OverflowPolicy.FAIL, Duration.ofSeconds(1),
        spool, new SpoolOptions(64L << 20, 4 << 20, 262_144, false), 4, Duration.ofMillis(100),
        Duration.ofSeconds(5), 262_144, null, Duration.ofSeconds(10));
  }

  private DefaultPublisher publisher(PublisherSettings settings, SqsSender sender) {
    DefaultPublisher p = new DefaultPublisher("us-east-1", Map.of(REGION, sender), settings, listener);
    publishers.add(p);
    return p;
  }

  static Operation invalidate(String key) {
    return Operation.invalidate("ds:" + key, new Version(CLOCK.addAndGet(10), "us-east-1"));
  }

  static List<Operation> distinctOperations(List<String> bodies) {
    Map<Operation, Boolean> seen = new LinkedHashMap<>();
    for (String body : bodies) {
      try {
        READER.decodeBody(body).operations().forEach(op -> seen.putIfAbsent(op, true));
      } catch (MalformedMessageException e) {
        throw new AssertionError(e);
      }
    }
    return new ArrayList<>(seen.keySet());
  }

  /** Publishes {@code perSecond} operations a second, in 10 ms steps, for {@code duration}. */
  private static List<Operation> writeAtRate(DefaultPublisher publisher, int perSecond, Duration duration,
      Runnable eachStep) throws InterruptedException {
    List<Operation> published = new ArrayList<>();
    long start = System.nanoTime();
    long steps = duration.toMillis() / 10;
    for (long step = 0; step < steps; step++) {
      long due = start + TimeUnit.MILLISECONDS.toNanos(step * 10);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      long target = (step + 1) * perSecond / 100;
      while (published.size() < target) {
        Operation op = invalidate("k" + published.size());
        published.add(op);
        publisher.reserve(op).publish();
      }
      eachStep.run();
    }
    return published;
  }

  @Test
  void oneFailedRequestAtAWanRoundTripReturnsToDirectSendingWithinSecondsAndLosesNothing() throws Exception {
    FakeSqsSender sqs = new FakeSqsSender();
    sqs.roundTrip(ROUND_TRIP);
    DefaultPublisher publisher = publisher(defaults(tmp.resolve("spool")), sqs);
    sqs.failNext(1); // the first request fails: the publisher starts spooling
    long start = System.nanoTime();
    AtomicLong directAgainAt = new AtomicLong(-1);
    AtomicLong spooledOnce = new AtomicLong();
    List<Operation> published = writeAtRate(publisher, 4_000, Duration.ofSeconds(8), () -> {
      if (listener.get("spooled." + REGION) > 0) {
        spooledOnce.set(1);
      }
      if (spooledOnce.get() == 1 && directAgainAt.get() < 0 && publisher.spoolBytes(REGION) < 100
          && publisher.mode(REGION) == PublisherMode.DIRECT) {
        directAgainAt.set(System.nanoTime());
      }
    });
    assertThat(spooledOnce.get()).as("the failed request made the publisher spool").isEqualTo(1);
    assertThat(directAgainAt.get()).as("back to direct sending while the writes went on (at the end: mode %s,"
        + " spool %d bytes)", publisher.mode(REGION), publisher.spoolBytes(REGION)).isPositive();
    // seconds, not the whole run (generous: the machine running the tests may be starved)
    assertThat(Duration.ofNanos(directAgainAt.get() - start)).isLessThan(Duration.ofSeconds(10));
    long spooledAtEnd = listener.get("spooled." + REGION);
    publisher.flush().orTimeout(20, TimeUnit.SECONDS).join();
    assertThat(distinctOperations(sqs.stored())).containsExactlyInAnyOrderElementsOf(published);
    assertThat(publisher.mode(REGION)).isEqualTo(PublisherMode.DIRECT);
    assertThat(listener.get("spooled." + REGION)).isEqualTo(spooledAtEnd);
  }

  // ---- sender faults ----

  private PublisherSettings unpacked(Path spool) {
    return new PublisherSettings(Duration.ZERO, false, 32L << 20, OverflowPolicy.FAIL, Duration.ofSeconds(1), spool,
        new SpoolOptions(64L << 20, 4 << 20, 262_144, false), 4, Duration.ofMillis(20), Duration.ofMillis(100),
        262_144, null, Duration.ofSeconds(10));
  }

  @Test
  void aThrottledEntryIsSentAgainInsteadOfDropped() {
    FakeSqsSender sqs = new FakeSqsSender();
    sqs.rejectNext(1, "RequestThrottled", true); // SQS marks throttling as the sender's fault
    DefaultPublisher publisher = publisher(unpacked(null), sqs);
    List<Operation> published = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Operation op = invalidate("t" + i);
      published.add(op);
      publisher.reserve(op).publish();
    }
    publisher.flush().orTimeout(10, TimeUnit.SECONDS).join();
    assertThat(distinctOperations(sqs.stored())).containsExactlyInAnyOrderElementsOf(published);
    assertThat(listener.get("dropped." + REGION + ".rejected")).isZero();
  }

  @Test
  void aKmsFaultDuringReplayIsRetriedAndAPermanentRejectionIsCountedNotSilentlyAcknowledged() {
    FakeSqsSender down = new FakeSqsSender();
    down.failing(true);
    Path spool = tmp.resolve("spool");
    DefaultPublisher first = publisher(unpacked(spool), down);
    List<Operation> published = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      Operation op = invalidate("r" + i);
      published.add(op);
      first.reserve(op).publish();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> listener.get("spooled." + REGION) == 30);
    first.close();

    FakeSqsSender up = new FakeSqsSender();
    up.rejectNext(1, "KmsThrottled", true); // transient: the first replay request's first entry
    DefaultPublisher second = publisher(unpacked(spool), up);
    second.flush().orTimeout(20, TimeUnit.SECONDS).join();
    assertThat(distinctOperations(up.stored())).containsExactlyInAnyOrderElementsOf(published);
    assertThat(listener.get("dropped." + REGION + ".rejected")).isZero();
    second.close();

    // a third run replays a record SQS refuses for good: it is counted as dropped, the rest delivered
    FakeSqsSender down2 = new FakeSqsSender();
    down2.failing(true);
    DefaultPublisher third = publisher(unpacked(spool), down2);
    for (int i = 0; i < 3; i++) {
      third.reserve(invalidate("p" + i)).publish();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> listener.get("spooled." + REGION) == 33);
    third.close();
    FakeSqsSender refusing = new FakeSqsSender();
    refusing.rejectNext(1, "InvalidMessageContents", true);
    DefaultPublisher fourth = publisher(unpacked(spool), refusing);
    fourth.flush().orTimeout(20, TimeUnit.SECONDS).join();
    assertThat(distinctOperations(refusing.stored())).hasSize(2);
    assertThat(listener.get("dropped." + REGION + ".rejected")).isEqualTo(1);
  }

  // ---- close and a dead publisher thread ----

  @Test
  void closeWaitsForALocalWriteStillInFlightAndDeliversItsOperation() throws Exception {
    FakeSqsSender sqs = new FakeSqsSender();
    sqs.roundTrip(ROUND_TRIP);
    DefaultPublisher publisher = publisher(unpacked(null), sqs);
    Operation op = invalidate("in-flight");
    Publisher.Reservation reservation = publisher.reserve(op); // the local write has started
    Thread closer = new Thread(publisher::close, "closer");
    closer.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> publisher.mode(REGION) != PublisherMode.DIRECT
        || closer.getState() == Thread.State.TIMED_WAITING || !closer.isAlive());
    Thread.sleep(100); // the local write takes a while to answer
    reservation.publish();
    closer.join(10_000);
    assertThat(closer.isAlive()).isFalse();
    assertThat(distinctOperations(sqs.stored())).containsExactly(op);
    assertThatThrownBy(() -> publisher.reserve(invalidate("after"))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void anOperationPublishedAfterTheCloseTimeoutFailsItsCallerAndIsCounted() {
    FakeSqsSender sqs = new FakeSqsSender();
    PublisherSettings s = new PublisherSettings(Duration.ZERO, false, 32L << 20, OverflowPolicy.FAIL,
        Duration.ofSeconds(1), null, null, 4, Duration.ofMillis(20), Duration.ofMillis(100), 262_144, null,
        Duration.ofMillis(300));
    DefaultPublisher publisher = publisher(s, sqs);
    Publisher.Reservation reservation = publisher.reserve(invalidate("late"));
    publisher.close(); // gives up waiting for the write after the close timeout
    assertThatThrownBy(reservation::publish).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThat(listener.get("dropped." + REGION + ".closed")).isEqualTo(1);
    assertThat(publisher.queuedOperations(REGION)).isZero();
  }

  @Test
  void aDeadPublisherThreadRefusesWritesLoudlyAndShowsInItsMode() {
    FakeSqsSender sqs = new FakeSqsSender();
    AtomicLong calls = new AtomicLong();
    PublisherListener dying = new PublisherListener() {
      @Override
      public void request(String region, boolean ok) {
        if (calls.incrementAndGet() == 1) {
          throw new OutOfMemoryError("simulated: the publisher thread dies");
        }
      }
    };
    DefaultPublisher publisher = new DefaultPublisher("us-east-1", Map.of(REGION, sqs), unpacked(null), dying);
    publishers.add(publisher);
    publisher.reserve(invalidate("first")).publish();
    await().atMost(Duration.ofSeconds(5)).until(() -> publisher.mode(REGION) == PublisherMode.FAILED);
    assertThatThrownBy(() -> publisher.reserve(invalidate("second"))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("us-west-2").hasMessageContaining("stopped");
  }
}
