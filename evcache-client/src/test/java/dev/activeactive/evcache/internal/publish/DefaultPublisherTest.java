package dev.activeactive.evcache.internal.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.activeactive.evcache.api.OverflowPolicy;
import dev.activeactive.evcache.api.PublishOverflowException;
import dev.activeactive.evcache.internal.spool.SpoolOptions;
import dev.activeactive.protocol.api.version.Version;
import dev.activeactive.protocol.api.wire.MalformedMessageException;
import dev.activeactive.protocol.api.wire.Message;
import dev.activeactive.protocol.api.wire.MessageCodec;
import dev.activeactive.protocol.api.wire.MessageSigner;
import dev.activeactive.protocol.api.wire.Operation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultPublisherTest {

  private static final Duration AWAIT = Duration.ofSeconds(10);
  private static final MessageCodec READER = new MessageCodec();
  private static final AtomicLong CLOCK = new AtomicLong(1_700_000_000_000_000L);

  @TempDir
  Path tmp;

  private final List<DefaultPublisher> publishers = new ArrayList<>();
  private final CountingListener listener = new CountingListener();

  /** Every fake queue of the test, so that the teardown can bring them back before closing the publishers. */
  private final List<FakeSqsSender> fakes = new ArrayList<>();

  private FakeSqsSender fake() {
    FakeSqsSender sender = new FakeSqsSender();
    fakes.add(sender);
    return sender;
  }

  /**
   * Awaits a condition of the in-memory publisher, checked at once and then every 10 ms (Awaitility's default
   * first waits 100 ms: 30 awaits in a loop cost 3 s).
   */
  private static ConditionFactory soon() {
    return await().atMost(AWAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10));
  }

  @AfterEach
  void closeAll() {
    // a test may end with its queue failing or holding: the close would then wait out its 5 s close timeout for
    // deliveries that cannot happen (what close does then is tested on its own below)
    for (FakeSqsSender sender : fakes) {
      sender.failing(false);
      sender.holding(false);
    }
    publishers.forEach(DefaultPublisher::close);
  }

  /** Counts events by name. */
  static final class CountingListener implements PublisherListener {
    final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    long get(String name) {
      return counts.getOrDefault(name, new AtomicLong()).get();
    }

    private void add(String name, long n) {
      counts.computeIfAbsent(name, k -> new AtomicLong()).addAndGet(n);
    }

    @Override
    public void replicateFallback(String dataset) {
      add("fallback", 1);
    }

    @Override
    public void dropped(String region, String reason, long operations) {
      add("dropped." + region + "." + reason, operations);
    }

    @Override
    public void coalesced(String region) {
      add("coalesced", 1);
    }

    @Override
    public void request(String region, boolean ok) {
      add("request." + region + "." + ok, 1);
    }

    @Override
    public void delivered(String region, int messages, long operations) {
      add("messages." + region, messages);
    }

    @Override
    public void spooled(String region, long operations) {
      add("spooled." + region, operations);
    }
  }

  private static PublisherSettings settings(Duration linger, boolean packing, long maxBuffer, OverflowPolicy policy,
      Path spool, byte[] secret) {
    return new PublisherSettings(linger, packing, maxBuffer, policy, Duration.ofMillis(200), spool,
        new SpoolOptions(64L * 1024 * 1024, 4 * 1024 * 1024, 262_144, false), 4, Duration.ofMillis(20),
        Duration.ofMillis(100), 262_144, secret, Duration.ofSeconds(5));
  }

  private static PublisherSettings settings(Duration linger, boolean packing) {
    return settings(linger, packing, 32L * 1024 * 1024, OverflowPolicy.BLOCK, null, null);
  }

  private DefaultPublisher publisher(PublisherSettings settings, Map<String, SqsSender> senders) {
    DefaultPublisher p = new DefaultPublisher("us-east-1", senders, settings, listener);
    publishers.add(p);
    return p;
  }

  private DefaultPublisher publisher(PublisherSettings settings, FakeSqsSender sender) {
    return publisher(settings, Map.of("us-west-2", sender));
  }

  private static Version nextVersion() {
    return new Version(CLOCK.addAndGet(10), "us-east-1");
  }

  private static Operation invalidate(String key) {
    return Operation.invalidate("ds:" + key, nextVersion());
  }

  private static void publish(Publisher publisher, Operation op) {
    publisher.reserve(op).publish();
  }

  private static List<Operation> operations(List<String> bodies) {
    List<Operation> ops = new ArrayList<>();
    for (String body : bodies) {
      try {
        ops.addAll(READER.decodeBody(body).operations());
      } catch (MalformedMessageException e) {
        throw new AssertionError(e);
      }
    }
    return ops;
  }

  @Test
  void lingerPacksAllOperationsOfABurstIntoOneRequest() {
    FakeSqsSender sqs = fake();
    DefaultPublisher publisher = publisher(settings(Duration.ofMillis(300), true), sqs);
    long start = System.nanoTime();
    for (int i = 0; i < 1000; i++) {
      publish(publisher, invalidate("key-" + i));
    }
    soon().until(() -> operations(sqs.stored()).size() == 1000);
    assertThat(sqs.requests()).hasSize(1);
    assertThat(sqs.stored()).hasSize(1);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(250);
    // the publisher settles its counters when it handles the send's outcome, just after the fake stored it
    soon().untilAsserted(() -> {
      assertThat(publisher.queuedOperations("us-west-2")).isZero();
      assertThat(publisher.bufferedBytes("us-west-2")).isZero();
      assertThat(listener.get("messages.us-west-2")).isEqualTo(1);
    });
  }

  @Test
  void fullMessagesGoOutWithoutWaitingForTheLinger() {
    FakeSqsSender sqs = fake();
    DefaultPublisher publisher = publisher(settings(Duration.ofSeconds(60), true), sqs);
    byte[] value = new byte[10_000];
    // 40 REPLICATEs of 10 kB: more than one message of 256 KiB
    for (int i = 0; i < 40; i++) {
      publish(publisher, Operation.replicate("ds:big-" + i, nextVersion(), 0, 0, value));
    }
    soon().until(() -> !sqs.stored().isEmpty());
    assertThat(operations(sqs.stored()).size()).isBetween(19, 39);
    publisher.flush().orTimeout(10, TimeUnit.SECONDS).join();
    assertThat(operations(sqs.stored())).hasSize(40);
    for (String body : sqs.stored()) {
      assertThat(body.length()).isLessThanOrEqualTo(262_144);
    }
  }

  @Test
  void withoutPackingEveryOperationIsItsOwnMessageAndRequestsCarryUpToTen() {
    FakeSqsSender sqs = fake();
    sqs.holding(true); // let messages queue up behind the first requests
    DefaultPublisher publisher = publisher(settings(Duration.ZERO, false), sqs);
    for (int i = 0; i < 100; i++) {
      publish(publisher, invalidate("key-" + i));
    }
    soon().until(() -> sqs.requests().size() == 4); // maxInFlightRequests
    sqs.holding(false);
    publisher.flush().orTimeout(10, TimeUnit.SECONDS).join();
    assertThat(sqs.stored()).hasSize(100);
    assertThat(operations(sqs.stored())).hasSize(100);
    for (String body : sqs.stored()) {
      assertThat(operations(List.of(body))).hasSize(1);
    }
    assertThat(sqs.requests()).allSatisfy(r -> assertThat(r.size()).isBetween(1, 10));
    // after the first four requests, the rest went out ten at a time
    assertThat(sqs.requests().size()).isLessThanOrEqualTo(4 + 10);
  }

  @Test
  void repeatedWritesToAKeyAreCoalescedNewestWins() {
    FakeSqsSender sqs = fake();
    DefaultPublisher publisher = publisher(settings(Duration.ofSeconds(60), true), sqs);
    Operation last = null;
    for (int i = 0; i < 50; i++) {
      last = Operation.replicate("ds:hot", nextVersion(), 0, 0, ("v" + i).getBytes(StandardCharsets.UTF_8));
      publish(publisher, last);
    }
    publish(publisher, invalidate("other"));
    publisher.flush().orTimeout(10, TimeUnit.SECONDS).join();
    List<Operation> sent = operations(sqs.stored());
    assertThat(sent).hasSize(2);
    assertThat(sent.get(0)).isEqualTo(last);
    assertThat(listener.get("coalesced")).isEqualTo(49);
    assertThat(publisher.bufferedBytes("us-west-2")).isZero();
  }

  @Test
  void aReplicateTooLargeForAMessageIsPublishedAsAnInvalidation() {
    FakeSqsSender sqs = fake();
    DefaultPublisher publisher = publisher(settings(Duration.ZERO, true), sqs);
    Version v = nextVersion();
    publish(publisher, Operation.replicate("ds:huge", v, 0, 0, new byte[300_000]));
    publisher.flush().orTimeout(10, TimeUnit.SECONDS).join();
    assertThat(operations(sqs.stored())).containsExactly(Operation.invalidate("ds:huge", v));
    assertThat(listener.get("fallback")).isEqualTo(1);
  }

  @Test
  void signedMessagesVerifyWithTheSecret() throws Exception {
    byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    FakeSqsSender sqs = fake();
    DefaultPublisher publisher = publisher(settings(Duration.ZERO, true, 32L << 20, OverflowPolicy.BLOCK, null,
        secret), sqs);
    publish(publisher, invalidate("signed"));
    publisher.flush().orTimeout(10, TimeUnit.SECONDS).join();
    Message m = new MessageCodec(262_144, MessageSigner.of(secret)).decodeBody(sqs.stored().get(0));
    assertThat(m.signed()).isTrue();
    MessageCodec otherSecret = new MessageCodec(262_144,
        MessageSigner.of("another-secret-of-32-bytes-xxxxx".getBytes(StandardCharsets.US_ASCII)));
    assertThatThrownBy(() -> otherSecret.decodeBody(sqs.stored().get(0)))
        .isInstanceOf(MalformedMessageException.class);
  }

  // ---- overflow policies ----

  /** Fills the 1 MiB buffer of a publisher whose queue fails: 11 values of 100 kB. */
  private static void fill(Publisher publisher) {
    for (int i = 0; i < 10; i++) {
      publish(publisher, Operation.replicate("ds:fill-" + i, nextVersion(), 0, 0, new byte[100_000]));
    }
  }

  @Test
  void failRefusesAWriteWhenTheBufferIsFull() {
    FakeSqsSender sqs = fake();
    sqs.failing(true);
    DefaultPublisher publisher = publisher(settings(Duration.ZERO, true, 1024 * 1024, OverflowPolicy.FAIL, null,
        null), sqs);
    fill(publisher);
    assertThatThrownBy(() -> publisher.reserve(Operation.replicate("ds:x", nextVersion(), 0, 0,
        new byte[100_000])))
        .isInstanceOf(PublishOverflowException.class)
        .hasMessageContaining("us-west-2")
        .satisfies(e -> assertThat(((PublishOverflowException) e).region()).isEqualTo("us-west-2"));
    // the queue recovers: everything buffered is delivered, and there is room again
    sqs.failing(false);
    publisher.flush().orTimeout(10, TimeUnit.SECONDS).join();
    assertThat(operations(sqs.stored())).hasSize(10);
    publish(publisher, invalidate("after"));
  }

  @Test
  void blockWaitsForRoomThenFails() {
    FakeSqsSender sqs = fake();
    sqs.failing(true);
    DefaultPublisher publisher = publisher(settings(Duration.ZERO, true, 1024 * 1024, OverflowPolicy.BLOCK, null,
        null), sqs);
    fill(publisher);
    long start = System.nanoTime();
    assertThatThrownBy(() -> publisher.reserve(Operation.replicate("ds:x", nextVersion(), 0, 0,
        new byte[100_000]))).isInstanceOf(PublishOverflowException.class);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(190);
  }

  @Test
  void blockProceedsOnceTheQueueDrains() throws Exception {
    FakeSqsSender sqs = fake();
    sqs.failing(true);
    PublisherSettings s = new PublisherSettings(Duration.ZERO, true, 1024 * 1024, OverflowPolicy.BLOCK,
        Duration.ofSeconds(10), null, null, 4, Duration.ofMillis(20), Duration.ofMillis(50), 262_144, null,
        Duration.ofSeconds(5));
    DefaultPublisher publisher = publisher(s, sqs);
    fill(publisher);
    CompletableFuture<Void> blocked = CompletableFuture.runAsync(() ->
        publish(publisher, Operation.replicate("ds:late", nextVersion(), 0, 0, new byte[100_000])));
    Thread.onSpinWait();
    assertThat(blocked).isNotDone();
    sqs.failing(false);
    blocked.get(10, TimeUnit.SECONDS);
    publisher.flush().orTimeout(10, TimeUnit.SECONDS).join();
    assertThat(operations(sqs.stored())).hasSize(11);
  }

  @Test
  void dropAndCountDropsOnlyForTheFullRegionAndCountsIt() {
    FakeSqsSender down = fake();
    down.failing(true);
    FakeSqsSender up = fake();
    Map<String, SqsSender> senders = new LinkedHashMap<>();
    senders.put("eu-west-1", down);
    senders.put("us-west-2", up);
    DefaultPublisher publisher = publisher(settings(Duration.ZERO, true, 1024 * 1024,
        OverflowPolicy.DROP_AND_COUNT, null, null), senders);
    fill(publisher);
    for (int i = 0; i < 5; i++) {
      // the healthy region keeps up (its buffer drains between writes); the partitioned one is full
      soon().until(() -> publisher.bufferedBytes("us-west-2") == 0);
      publish(publisher, Operation.replicate("ds:more-" + i, nextVersion(), 0, 0, new byte[100_000]));
    }
    assertThat(listener.get("dropped.eu-west-1.overflow")).isGreaterThanOrEqualTo(4);
    // the healthy region got everything, without waiting for the partitioned one
    soon().until(() -> operations(up.stored()).size() == 15);
    assertThat(listener.get("dropped.us-west-2.overflow")).isZero();
  }

  // ---- spool ----

  @Test
  void anOutageSpoolsToDiskAndReplaysInOrderAfterRecovery() {
    FakeSqsSender sqs = fake();
    sqs.failing(true);
    DefaultPublisher publisher = publisher(settings(Duration.ofMillis(2), true, 32L << 20, OverflowPolicy.FAIL,
        tmp.resolve("spool"), null), sqs);
    List<Operation> published = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      Operation op = invalidate("k" + i);
      published.add(op);
      publish(publisher, op);
      if (i % 200 == 0) {
        Thread.yield();
      }
    }
    soon().until(() -> listener.get("spooled.us-west-2") == 2000);
    assertThat(publisher.spoolBytes("us-west-2")).isPositive();
    assertThat(publisher.bufferedBytes("us-west-2")).isZero(); // memory is free while the queue is down
    assertThat(sqs.stored()).isEmpty();

    sqs.failing(false);
    publisher.flush().orTimeout(20, TimeUnit.SECONDS).join();
    List<Operation> delivered = distinct(operations(sqs.stored()));
    assertThat(delivered).containsExactlyElementsOf(published); // nothing lost, in order
    soon().until(() -> publisher.spoolBytes("us-west-2") < 100);
  }

  @Test
  void aSlowQueueMakesThePublisherSpillToDiskInsteadOfRefusingWrites() {
    FakeSqsSender sqs = fake();
    sqs.holding(true); // every request hangs
    DefaultPublisher publisher = publisher(settings(Duration.ZERO, true, 1024 * 1024, OverflowPolicy.FAIL,
        tmp.resolve("spool"), null), sqs);
    // 3 MiB through a 1 MiB buffer: only possible by spilling to disk
    for (int i = 0; i < 30; i++) {
      publish(publisher, Operation.replicate("ds:v" + i, nextVersion(), 0, 0, new byte[100_000]));
      soon().until(() -> publisher.bufferedBytes("us-west-2") < 700_000);
    }
    assertThat(listener.get("spooled.us-west-2")).isPositive();
    sqs.holding(false);
    publisher.flush().orTimeout(20, TimeUnit.SECONDS).join();
    assertThat(distinct(operations(sqs.stored()))).hasSize(30);
  }

  @Test
  void closingWhileTheQueueIsDownKeepsEverythingInTheSpoolForTheNextClient() {
    FakeSqsSender down = fake();
    down.failing(true);
    Path spool = tmp.resolve("spool");
    DefaultPublisher first = publisher(settings(Duration.ZERO, true, 32L << 20, OverflowPolicy.FAIL, spool, null),
        down);
    List<Operation> published = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Operation op = invalidate("c" + i);
      published.add(op);
      publish(first, op);
    }
    soon().until(() -> down.failedRequests() > 0);
    first.close();
    assertThat(down.closed()).isTrue();
    assertThat(listener.get("dropped.us-west-2.closed")).isZero();

    FakeSqsSender up = fake();
    DefaultPublisher second = publisher(settings(Duration.ZERO, true, 32L << 20, OverflowPolicy.FAIL, spool,
        null), up);
    second.flush().orTimeout(20, TimeUnit.SECONDS).join();
    assertThat(distinct(operations(up.stored()))).containsExactlyElementsOf(published);
  }

  @Test
  void closingWithoutASpoolReportsWhatIsLost() {
    FakeSqsSender down = fake();
    down.failing(true);
    PublisherSettings s = new PublisherSettings(Duration.ZERO, true, 32L << 20, OverflowPolicy.FAIL,
        Duration.ZERO, null, null, 4, Duration.ofMillis(20), Duration.ofMillis(50), 262_144, null,
        Duration.ofMillis(300));
    DefaultPublisher publisher = publisher(s, down);
    for (int i = 0; i < 10; i++) {
      publish(publisher, invalidate("lost" + i));
    }
    publisher.close();
    assertThat(listener.get("dropped.us-west-2.closed")).isEqualTo(10);
    assertThatThrownBy(() -> publisher.reserve(invalidate("after"))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aReleasedReservationPublishesNothingAndFreesItsRoom() {
    FakeSqsSender sqs = fake();
    DefaultPublisher publisher = publisher(settings(Duration.ZERO, true), sqs);
    Publisher.Reservation r = publisher.reserve(invalidate("never"));
    assertThat(publisher.bufferedBytes("us-west-2")).isPositive();
    r.release();
    r.publish(); // ignored after release
    assertThat(publisher.bufferedBytes("us-west-2")).isZero();
    publisher.flush().orTimeout(10, TimeUnit.SECONDS).join();
    assertThat(sqs.stored()).isEmpty();
  }

  private static List<Operation> distinct(List<Operation> ops) {
    Map<Operation, Boolean> seen = new LinkedHashMap<>();
    for (Operation op : ops) {
      seen.putIfAbsent(op, true);
    }
    return new ArrayList<>(seen.keySet());
  }
}
