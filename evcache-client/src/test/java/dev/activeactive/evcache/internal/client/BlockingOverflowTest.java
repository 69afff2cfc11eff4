package dev.activeactive.evcache.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.activeactive.evcache.api.DatasetCache;
import dev.activeactive.evcache.api.DatasetConfig;
import dev.activeactive.evcache.api.EVCacheClient;
import dev.activeactive.evcache.api.OverflowPolicy;
import dev.activeactive.evcache.api.PublishOverflowException;
import dev.activeactive.evcache.api.ReadFallback;
import dev.activeactive.evcache.api.ReplicationPolicy;
import dev.activeactive.evcache.api.ValueCodec;
import dev.activeactive.evcache.api.WriteCompletion;
import dev.activeactive.evcache.api.WriteResult;
import dev.activeactive.evcache.api.ZoneConfig;
import dev.activeactive.evcache.internal.publish.DefaultPublisher;
import dev.activeactive.evcache.internal.publish.FakeSqsSender;
import dev.activeactive.evcache.internal.publish.PublisherSettings;
import dev.activeactive.protocol.api.wire.MessageCodec;
import dev.activeactive.protocol.api.zone.InMemoryZoneStore;
import dev.activeactive.protocol.api.zone.ZoneStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 finding 5: with the BLOCK overflow policy a full publish buffer must not block the caller of an
 * asynchronous write (which may be a memcached I/O thread): the call returns at once and its future waits for
 * room, or fails after maxBlock.
 */
class BlockingOverflowTest {

  private static final String REGION = "us-west-2";
  private static final long BUFFER_BYTES = 4_096;

  private final FakeSqsSender sqs = new FakeSqsSender();
  private final List<EVCacheClient> clients = new ArrayList<>();
  private DefaultPublisher publisher;

  @AfterEach
  void close() {
    sqs.holding(false);
    clients.forEach(EVCacheClient::close);
  }

  private DatasetCache<String> cache(Duration maxBlock) {
    PublisherSettings settings = new PublisherSettings(Duration.ZERO, false, BUFFER_BYTES, OverflowPolicy.BLOCK,
        maxBlock, null, null, 1, Duration.ofMillis(20), Duration.ofMillis(100), 262_144, null,
        Duration.ofSeconds(5));
    List<ZoneConfig> zones = List.of(ZoneConfig.of("us-east-1a", "127.0.0.1:11211"));
    List<ZoneStore> stores = List.of(new InMemoryZoneStore("us-east-1a"));
    ClientSettings client = new ClientSettings("us-east-1", zones, "us-east-1a", WriteCompletion.ALL,
        ReadFallback.ON_MISS_OR_ERROR, Duration.ofSeconds(1), Duration.ZERO, 1024 * 1024, Duration.ofSeconds(60), 0,
        List.of(DatasetConfig.builder("ds").replication(ReplicationPolicy.INVALIDATE).build()), null, null);
    AtomicLong now = new AtomicLong(1_700_000_000_000_000L);
    EVCacheClient built = ClientFactory.create(client, stores, listener -> {
      publisher = new DefaultPublisher("us-east-1", Map.of(REGION, sqs), settings, listener);
      return publisher;
    }, () -> now.addAndGet(1));
    clients.add(built);
    return built.dataset("ds", ValueCodec.utf8());
  }

  /** Writes until the region's buffer has no room for another operation (nothing is delivered meanwhile). */
  private List<CompletableFuture<WriteResult>> fill(DatasetCache<String> cache) {
    sqs.holding(true);
    List<CompletableFuture<WriteResult>> writes = new ArrayList<>();
    writes.add(cache.setAsync("fill-0000", "v"));
    long size = publisher.bufferedBytes(REGION); // each fill operation takes as much (same key length)
    int i = 1;
    while (publisher.bufferedBytes(REGION) + size <= BUFFER_BYTES) {
      writes.add(cache.setAsync(String.format("fill-%04d", i++), "v"));
    }
    return writes;
  }

  /** Runs {@code call} on a thread of its own and waits up to 10 s for it to return. */
  private static <T> T returnsPromptly(java.util.function.Supplier<T> call) throws InterruptedException {
    AtomicReference<T> result = new AtomicReference<>();
    Thread caller = new Thread(() -> result.set(call.get()), "async-caller");
    caller.start();
    caller.join(10_000);
    assertThat(caller.isAlive()).as("the asynchronous write returned to its caller (maxBlock is 60 s)").isFalse();
    return result.get();
  }

  @Test
  void anAsyncWriteOnAFullBufferReturnsAtOnceAndCompletesOnceThereIsRoom() throws Exception {
    DatasetCache<String> cache = cache(Duration.ofSeconds(60));
    List<CompletableFuture<WriteResult>> filled = fill(cache);
    CompletableFuture<WriteResult> waiting = returnsPromptly(() -> cache.setAsync("late", "v"));
    assertThat(waiting).as("waits for room in its future").isNotDone();
    assertThat(cache.get("late")).as("nothing written before room was reserved").isNull();
    sqs.holding(false); // the queue answers: room frees
    assertThat(waiting.get(30, TimeUnit.SECONDS).versionMicros()).isPositive();
    for (CompletableFuture<WriteResult> f : filled) {
      f.get(30, TimeUnit.SECONDS);
    }
    publisher.flush().get(30, TimeUnit.SECONDS);
    List<String> keys = new ArrayList<>();
    for (String body : sqs.stored()) {
      new MessageCodec().decodeBody(body).operations().forEach(op -> keys.add(op.key()));
    }
    assertThat(keys).contains("ds:late");
  }

  @Test
  void anAsyncWriteThatFindsNoRoomWithinMaxBlockFailsItsFutureAndWritesNothing() throws Exception {
    DatasetCache<String> cache = cache(Duration.ofMillis(300));
    fill(cache);
    CompletableFuture<WriteResult> waiting = returnsPromptly(() -> cache.setAsync("refused", "v"));
    ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> waiting.get(30, TimeUnit.SECONDS));
    assertThat(failed.getCause()).isInstanceOf(PublishOverflowException.class)
        .hasMessageContaining("after waiting 300 ms");
    assertThat(cache.get("refused")).isNull();
  }

  @Test
  void anAsyncDeleteOnAFullBufferReturnsAtOnceToo() throws Exception {
    DatasetCache<String> cache = cache(Duration.ofSeconds(60));
    fill(cache);
    CompletableFuture<WriteResult> waiting = returnsPromptly(() -> cache.deleteAsync("gone"));
    assertThat(waiting).isNotDone();
    sqs.holding(false);
    waiting.get(30, TimeUnit.SECONDS);
  }

  @Test
  void aSyncWriteStillWaitsForRoom() throws Exception {
    DatasetCache<String> cache = cache(Duration.ofSeconds(60));
    fill(cache);
    CompletableFuture<WriteResult> sync = CompletableFuture.supplyAsync(() -> cache.set("sync", "v"));
    sqs.holding(false);
    await().atMost(Duration.ofSeconds(30)).until(sync::isDone);
    assertThat(sync.get().versionMicros()).isPositive();
  }
}
