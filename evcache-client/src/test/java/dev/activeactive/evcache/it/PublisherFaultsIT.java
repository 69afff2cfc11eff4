package dev.activeactive.evcache.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.activeactive.evcache.api.DatasetCache;
import dev.activeactive.evcache.api.DatasetConfig;
import dev.activeactive.evcache.api.EVCacheClient;
import dev.activeactive.evcache.api.EVCacheClientBuilder;
import dev.activeactive.evcache.api.LocalWriteMode;
import dev.activeactive.evcache.api.PublisherConfig;
import dev.activeactive.evcache.api.RemoteRegion;
import dev.activeactive.evcache.api.ReplicationPolicy;
import dev.activeactive.evcache.api.ValueCodec;
import dev.activeactive.evcache.api.WriteResult;
import dev.activeactive.evcache.api.ZoneConfig;
import dev.activeactive.protocol.api.wire.Operation;
import dev.activeactive.sandbox.api.PartitionMode;
import dev.activeactive.sandbox.api.RegionEndpoints;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.RegionSandboxTest;
import dev.activeactive.sandbox.api.SandboxAws;
import dev.activeactive.sandbox.api.ZoneEndpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;

/**
 * The publisher's faults on the real path, at the sandbox's default WAN profile (us-east-1/us-west-2, 70 ms round
 * trip): a client in us-east-1 on the sandbox's real memcached, with a spool, publishing to us-west-2's real
 * (ElasticMQ) queue, which is read here as the relay reads it. The dataset replicates invalidations and writes
 * memcached unconditionally, so that the machine's two cores go to the publisher rather than to CAS rounds; the
 * publisher's path is the same for every write mode.
 *
 * <p>What the other region ends up with is judged as the relay applies it: per key, the newest version received
 * wins. Operations on one key that wait in the same message coalesce (the newer one stays), so every acknowledged
 * write is either received or counted as coalesced. Arrival order per key is reported, not asserted: the replay
 * keeps several requests in flight, and SQS standard queues do not keep order either; the relay applies by
 * version, which is why each key's newest version is what counts.
 */
@RegionSandboxTest
class PublisherFaultsIT {

  private static final String EAST = "us-east-1";
  private static final String WEST = "us-west-2";
  private static final Duration AWAIT = Duration.ofSeconds(120); // generous: the machine may be very loaded

  private final RegionSandbox sandbox;
  private final String dataset = "faults-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<EVCacheClient> clients = new ArrayList<>();
  private RemoteQueue west;
  private Thread reader;
  private volatile boolean reading;

  @TempDir
  Path tmp;

  PublisherFaultsIT(RegionSandbox sandbox) {
    this.sandbox = sandbox;
  }

  @BeforeEach
  void purge() {
    west = new RemoteQueue(sandbox.region(WEST));
    west.purge();
    reading = true;
    // reads the queue all along, as the relay would: a test's messages must not pile up in it
    reader = new Thread(() -> {
      while (reading) {
        try {
          west.poll();
        } catch (RuntimeException e) {
          if (reading) {
            System.err.println("PublisherFaultsIT: reading " + WEST + "'s queue failed: " + e);
          }
        }
      }
    }, "west-queue-reader");
    reader.setDaemon(true);
    reader.start();
  }

  @AfterEach
  void close() throws InterruptedException {
    sandbox.faults().healAll();
    clients.forEach(EVCacheClient::close);
    reading = false;
    reader.join(10_000);
    west.close();
  }

  private EVCacheClient client(Path spool, MeterRegistry registry, Consumer<PublisherConfig.Builder> publisher) {
    RegionEndpoints east = sandbox.region(EAST);
    RegionEndpoints westRegion = sandbox.region(WEST);
    EVCacheClientBuilder builder = EVCacheClient.builder().region(EAST);
    for (ZoneEndpoint zone : east.zones()) {
      builder.zone(ZoneConfig.of(zone.name(), zone.memcachedHostPort()));
    }
    PublisherConfig.Builder pub = PublisherConfig.builder()
        .remoteRegion(RemoteRegion.of(WEST, westRegion.queues().queueUrl(), westRegion.queueEndpointFrom(EAST))
            .withAwsRegion(westRegion.queues().awsRegion()))
        .credentials(SandboxAws.credentials())
        .spoolDirectory(spool);
    publisher.accept(pub);
    builder.publisher(pub.build());
    builder.dataset(DatasetConfig.builder(dataset).replication(ReplicationPolicy.INVALIDATE)
        .localWriteMode(LocalWriteMode.UNCONDITIONAL).build());
    if (registry != null) {
      builder.meterRegistry(registry);
    }
    EVCacheClient built = builder.build();
    clients.add(built);
    return built;
  }

  private static double gauge(MeterRegistry registry, String name, String... tags) {
    var g = Search.in(registry).name(name).tags(tags).gauge();
    return g == null ? Double.NaN : g.value();
  }

  private static double count(MeterRegistry registry, String name, String... tags) {
    return Search.in(registry).name(name).tags(tags).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  private static boolean direct(MeterRegistry registry) {
    return gauge(registry, "evcache.publisher.mode", "mode", "DIRECT") == 1.0;
  }

  /** Each key's newest version received so far: what the relay would have applied. */
  private Map<String, Long> appliedByKey() {
    Map<String, Long> applied = new HashMap<>();
    for (Operation op : west.operationsOf(dataset)) {
      applied.merge(op.key(), op.version().timestampMicros(), Math::max);
    }
    return applied;
  }

  /** Keys whose newest acknowledged write the other region has not received (stale there). */
  private Set<String> staleKeys(Map<String, Long> newest) {
    Map<String, Long> applied = appliedByKey();
    Set<String> stale = new HashSet<>();
    newest.forEach((key, version) -> {
      if (applied.getOrDefault(key, Long.MIN_VALUE) < version) {
        stale.add(key);
      }
    });
    return stale;
  }

  private Set<String> awaitNoStaleKeys(Map<String, Long> newest) {
    Set<String> stale = new HashSet<>(newest.keySet());
    try {
      await().atMost(AWAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
        stale.retainAll(staleKeys(newest));
        return stale.isEmpty();
      });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      // the assertion that follows names the count
    }
    return stale;
  }

  /** Per key, how many operations arrived after one with a newer version (first arrivals only). */
  private long outOfOrderArrivals() {
    Map<String, Long> newestSeen = new HashMap<>();
    Set<Operation> seen = new HashSet<>();
    long late = 0;
    for (Operation op : west.operationsOf(dataset)) {
      if (!seen.add(op)) {
        continue; // a duplicate (at least once)
      }
      long v = op.version().timestampMicros();
      Long before = newestSeen.merge(op.key(), v, Math::max);
      if (before > v) {
        late++;
      }
    }
    return late;
  }

  private static String load() {
    try {
      return java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  /**
   * Every write acknowledged during a 30 s blackhole of the path to the other region (packets vanish; the
   * publisher learns of it only by its request timeout) reaches that region after heal, and each key ends at
   * its newest version there; the spool drains while the writes go on and the publisher sends directly again.
   */
  @Test
  void aThirtySecondBlackholeUnderLoadLosesNothingAndEachKeyEndsAtItsNewestVersion() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    EVCacheClient client = client(tmp.resolve("spool"), registry, p -> p.requestTimeout(Duration.ofSeconds(3)));
    DatasetCache<String> cache = client.dataset(dataset, ValueCodec.utf8());
    int rate = 1_000;
    try (WriteLoad load = new WriteLoad(cache, dataset + ":", rate, 2_000, 2_000).start()) {
      Thread.sleep(3_000);
      sandbox.faults().partition(EAST, WEST, PartitionMode.BLACKHOLE);
      long partitioned = System.nanoTime();
      await().atMost(AWAIT).until(() -> count(registry, "evcache.publisher.spooled.operations") > 0);
      long detectedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - partitioned);
      long rest = TimeUnit.SECONDS.toNanos(30) - (System.nanoTime() - partitioned);
      TimeUnit.NANOSECONDS.sleep(Math.max(0, rest));
      double spooledAtHeal = count(registry, "evcache.publisher.spooled.operations");
      double deliveredAtHeal = count(registry, "evcache.publisher.requests", "result", "ok");
      sandbox.faults().heal(EAST, WEST);
      long healed = System.nanoTime();
      // the drain: from the first request that succeeds after heal to the spool being empty, writes going on
      AtomicLong firstOk = new AtomicLong();
      await().atMost(AWAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
        if (firstOk.get() == 0 && count(registry, "evcache.publisher.requests", "result", "ok") > deliveredAtHeal) {
          firstOk.set(System.nanoTime());
        }
        return firstOk.get() != 0 && direct(registry) && gauge(registry, "evcache.publisher.spool.bytes") == 0;
      });
      long drained = System.nanoTime();
      double spooledDuringDrain = count(registry, "evcache.publisher.spooled.operations") - spooledAtHeal;
      Thread.sleep(3_000); // direct sending again, under the same load
      load.stopAndAwait();
      assertThat(load.publishFailures()).as("writes that failed because of the publisher (first: %s)",
          load.firstPublishFailure()).isZero();

      client.flush().get(60, TimeUnit.SECONDS);
      Map<String, Long> newest = load.newestByKey();
      Set<String> stale = awaitNoStaleKeys(newest);
      List<WriteLoad.Written> written = load.written();
      Set<String> received = new HashSet<>();
      for (Operation op : west.operationsOf(dataset)) {
        received.add(op.key() + "@" + op.version().timestampMicros());
      }
      long missing = written.stream().filter(w -> !received.contains(w.key() + "@" + w.version())).count();
      double coalesced = count(registry, "evcache.publisher.coalesced");
      double drainSeconds = (drained - firstOk.get()) / 1e9;
      double backlog = spooledAtHeal + spooledDuringDrain;
      System.out.printf("PublisherFaultsIT blackhole: %d writes at %.0f/s (asked %d/s), blackhole detected after"
          + " %d ms, %.0f operations spooled by heal; first delivery %.1f s after heal, spool empty and direct"
          + " %.1f s after that: drain %.0f operations/s = %.1fx the write rate; %d keys stale, %d writes neither"
          + " received nor coalesced (%.0f coalesced), %d operations arrived after a newer one of their key;"
          + " %d local write failures; load %s%n", written.size(), load.achievedPerSecond(), rate, detectedMillis, spooledAtHeal,
          (firstOk.get() - healed) / 1e9, drainSeconds, backlog / drainSeconds,
          backlog / drainSeconds / load.achievedPerSecond(), stale.size(), missing, coalesced, outOfOrderArrivals(),
          load.failures(), load());
      assertThat(spooledAtHeal).as("operations spooled during the blackhole").isPositive();
      assertThat(stale).as("keys whose newest write never reached %s (of %d)", WEST, newest.size()).isEmpty();
      assertThat(missing).as("acknowledged writes neither received in %s nor coalesced into a newer one", WEST)
          .isLessThanOrEqualTo((long) coalesced);
      assertThat(gauge(registry, "evcache.publisher.queue.depth")).isZero();
      assertThat(count(registry, "evcache.publisher.dropped")).isZero();
    }
  }

  /**
   * Closing the client while writes are in flight and the other region cannot be reached: each write either
   * fails its caller, or reaches the other region (delivered, or spooled and delivered by the next client on the
   * same spool).
   */
  @Test
  void closeWithWritesInFlightDeliversOrSpoolsEachOneOrFailsItsCaller() throws Exception {
    Path spool = tmp.resolve("spool");
    EVCacheClient client = client(spool, null, p -> p.closeTimeout(Duration.ofSeconds(2)));
    DatasetCache<String> cache = client.dataset(dataset, ValueCodec.utf8());
    sandbox.faults().partition(EAST, WEST, PartitionMode.BLACKHOLE); // nothing can be delivered during close
    int writes = 3_000;
    List<CompletableFuture<WriteResult>> futures = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    AtomicInteger refusedAtCall = new AtomicInteger();
    Thread closer = new Thread(client::close, "closer");
    for (int i = 0; i < writes; i++) {
      if (i == writes / 2) {
        closer.start(); // half the writes are issued while the client closes
      }
      try {
        futures.add(cache.setAsync("c" + i, "v" + i));
        keys.add(dataset + ":c" + i);
      } catch (RuntimeException e) {
        assertThat(e).hasMessageContaining("closed");
        refusedAtCall.incrementAndGet();
      }
    }
    closer.join(60_000);
    assertThat(closer.isAlive()).as("close returned").isFalse();
    Map<String, Long> acknowledged = new HashMap<>();
    int failed = 0;
    for (int i = 0; i < futures.size(); i++) {
      try {
        WriteResult r = futures.get(i).get(30, TimeUnit.SECONDS);
        acknowledged.put(keys.get(i), r.versionMicros());
      } catch (java.util.concurrent.ExecutionException e) {
        Throwable cause = e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
        assertThat(cause.getMessage()).as("the caller of a write that failed at close is told why")
            .containsAnyOf("closed", "not published");
        failed++;
      }
    }
    System.out.printf("PublisherFaultsIT close: %d writes, %d refused at the call, %d failed their future,"
        + " %d acknowledged; load %s%n", writes, refusedAtCall.get(), failed, acknowledged.size(), load());
    assertThat(acknowledged).as("some writes were in flight when close began").isNotEmpty();

    sandbox.faults().heal(EAST, WEST);
    EVCacheClient restarted = client(spool, null, p -> { });
    restarted.flush().get(60, TimeUnit.SECONDS);
    Set<String> stale = awaitNoStaleKeys(acknowledged);
    assertThat(stale).as("acknowledged writes that never reached %s after the restart on the spool (of %d)", WEST,
        acknowledged.size()).isEmpty();
  }

  /** Fails one {@code SendMessageBatch} once {@code after} have gone through. */
  private static final class FailOneRequest implements ExecutionInterceptor {
    private final AtomicInteger requests = new AtomicInteger();
    private final int after;
    private volatile long failedAtNanos;

    FailOneRequest(int after) {
      this.after = after;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      SdkRequest request = context.request();
      if (request instanceof SendMessageBatchRequest && requests.incrementAndGet() == after + 1) {
        failedAtNanos = System.nanoTime();
        throw SdkClientException.create("injected by PublisherFaultsIT: one failed request");
      }
    }
  }

  /**
   * One failed request under a high write rate: the publisher spools, replays and is back to sending directly
   * within seconds, while the writes go on, and nothing is lost.
   */
  @Test
  void oneFailedRequestUnderAHighWriteRateReturnsToDirectSendingWithinSecondsAndLosesNothing() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    FailOneRequest failOne = new FailOneRequest(50);
    EVCacheClient client = client(tmp.resolve("spool"), registry, p -> p.sqsClientCustomizer(b ->
        b.overrideConfiguration(b.overrideConfiguration().toBuilder().addExecutionInterceptor(failOne).build())));
    DatasetCache<String> cache = client.dataset(dataset, ValueCodec.utf8());
    int rate = 5_000;
    try (WriteLoad load = new WriteLoad(cache, dataset + ":", rate, 20_000, 5_000).start()) {
      await().atMost(AWAIT).until(() -> failOne.failedAtNanos != 0);
      long failedAt = failOne.failedAtNanos;
      await().atMost(AWAIT).until(() -> count(registry, "evcache.publisher.spooled.operations") > 0);
      // back to direct, the spool empty, while the writes go on
      long deadline = failedAt + TimeUnit.SECONDS.toNanos(20);
      long directAt = 0;
      while (System.nanoTime() < deadline) {
        if (direct(registry) && gauge(registry, "evcache.publisher.spool.bytes") == 0) {
          directAt = System.nanoTime();
          break;
        }
        Thread.sleep(10);
      }
      Thread.sleep(1_000);
      load.stopAndAwait();
      double spooled = count(registry, "evcache.publisher.spooled.operations");
      System.out.printf("PublisherFaultsIT one failed request: %d writes at %.0f/s (asked %d/s), %.0f operations"
          + " spooled, direct again with an empty spool %s after the failure, %d local write failures; load %s%n",
          load.written().size(), load.achievedPerSecond(), rate, spooled,
          directAt == 0 ? "not within 20 s" : String.format("%.2f s", (directAt - failedAt) / 1e9), load.failures(),
          load());
      assertThat(directAt).as("back to direct sending with an empty spool within 20 s of the failure, writes going"
          + " on (mode DIRECT %s, spool %s bytes)", direct(registry),
          gauge(registry, "evcache.publisher.spool.bytes")).isPositive();
      assertThat(load.publishFailures()).as("writes that failed because of the publisher (first: %s)",
          load.firstPublishFailure()).isZero();
      client.flush().get(60, TimeUnit.SECONDS);
      Set<String> stale = awaitNoStaleKeys(load.newestByKey());
      assertThat(stale).as("keys whose newest write never reached %s", WEST).isEmpty();
      Set<String> received = new HashSet<>();
      for (Operation op : west.operationsOf(dataset)) {
        received.add(op.key() + "@" + op.version().timestampMicros());
      }
      long missing = load.written().stream().filter(w -> !received.contains(w.key() + "@" + w.version())).count();
      assertThat(missing).as("acknowledged writes neither received nor coalesced")
          .isLessThanOrEqualTo((long) count(registry, "evcache.publisher.coalesced"));
      assertThat(count(registry, "evcache.publisher.dropped")).isZero();
    }
  }
}
