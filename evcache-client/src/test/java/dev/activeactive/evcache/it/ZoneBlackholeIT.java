package dev.activeactive.evcache.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.activeactive.evcache.api.DatasetCache;
import dev.activeactive.evcache.api.DatasetConfig;
import dev.activeactive.evcache.api.EVCacheClient;
import dev.activeactive.evcache.api.EVCacheClientBuilder;
import dev.activeactive.evcache.api.PublisherConfig;
import dev.activeactive.evcache.api.RemoteRegion;
import dev.activeactive.evcache.api.ValueCodec;
import dev.activeactive.evcache.api.WriteResult;
import dev.activeactive.evcache.api.ZoneConfig;
import dev.activeactive.protocol.api.wire.Operation;
import dev.activeactive.protocol.api.wire.OperationType;
import dev.activeactive.protocol.api.zone.SpyZoneStore;
import dev.activeactive.sandbox.api.RegionEndpoints;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.RegionSandboxTest;
import dev.activeactive.sandbox.api.SandboxAws;
import dev.activeactive.sandbox.api.ZoneEndpoint;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One of us-east-1's two zones blackholes (its memcached frozen with SIGSTOP: connections stay up, nothing is
 * answered) while one client keeps writing asynchronously; the client publishes to us-west-2's queue over the
 * sandbox's default WAN profile (us-east-1/us-west-2: 35 ms one way plus jitter). The zones are direct connections.
 */
@RegionSandboxTest
class ZoneBlackholeIT {

  private static final String EAST = "us-east-1";
  private static final String WEST = "us-west-2";
  private static final Duration AWAIT = Duration.ofSeconds(180); // generous: the machine is shared

  private final RegionSandbox sandbox;
  private final String dataset = "blackhole-" + UUID.randomUUID().toString().substring(0, 8);

  ZoneBlackholeIT(RegionSandbox sandbox) {
    this.sandbox = sandbox;
  }

  @AfterEach
  void heal() {
    sandbox.faults().healAll();
  }

  @Test
  void underLoadTheBoundHoldsNoCallerWaitsAndEveryFailedWriteIsInvalidatedInTheOtherRegion() throws Exception {
    RegionEndpoints east = sandbox.region(EAST);
    RegionEndpoints west = sandbox.region(WEST);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    EVCacheClientBuilder builder = EVCacheClient.builder().region(EAST)
        .dataset(DatasetConfig.builder(dataset).build()) // INVALIDATE, CONDITIONAL, QUORUM: both zones needed
        .memcachedTimeout(Duration.ofMillis(300))
        .meterRegistry(registry)
        .publisher(PublisherConfig.builder()
            .remoteRegion(RemoteRegion.of(WEST, west.queues().queueUrl(), west.queueEndpointFrom(EAST))
                .withAwsRegion(west.queues().awsRegion()))
            .credentials(SandboxAws.credentials())
            .build());
    for (ZoneEndpoint zone : east.zones()) {
      builder.zone(ZoneConfig.of(zone.name(), zone.memcachedHostPort()));
    }
    String frozen = east.zones().get(1).name();
    try (EVCacheClient client = builder.build(); RemoteQueue queue = new RemoteQueue(west)) {
      queue.purge();
      DatasetCache<String> cache = client.dataset(dataset, ValueCodec.utf8());
      Gauge outstanding = registry.get("evcache.client.zone.commands.outstanding").tag("zone", frozen).gauge();

      sandbox.faults().pauseMemcached(EAST, frozen);
      AtomicInteger most = new AtomicInteger();
      AtomicBoolean sampling = new AtomicBoolean(true);
      Thread sampler = new Thread(() -> {
        while (sampling.get()) {
          most.accumulateAndGet((int) outstanding.value(), Math::max);
          try {
            Thread.sleep(1);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      sampler.start();
      int total = 3 * 4096;
      List<CompletableFuture<WriteResult>> writes = new ArrayList<>();
      long longestCallNanos = 0;
      for (int i = 0; i < total; i++) {
        long start = System.nanoTime();
        writes.add(cache.setAsync("k" + i, "v" + i));
        longestCallNanos = Math.max(longestCallNanos, System.nanoTime() - start);
        if (i % 1000 == 999) {
          Thread.sleep(100); // spread over a few timeouts, so timed-out commands and new ones meet
        }
      }
      Set<String> failed = new HashSet<>();
      for (int i = 0; i < total; i++) {
        try {
          writes.get(i).get(120, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          failed.add(dataset + ":k" + i);
        }
      }
      sampling.set(false);
      sampler.join();

      // a call that waited for room in spymemcached's input queue would wait its opQueueMaxBlockTime (10 s)
      assertThat(Duration.ofNanos(longestCallNanos)).as("longest setAsync call").isLessThan(Duration.ofSeconds(5));
      assertThat(most.get()).as("commands outstanding in the frozen zone at most")
          .isPositive().isLessThanOrEqualTo(SpyZoneStore.MAX_COMMANDS_OUTSTANDING);
      assertThat(failed).as("QUORUM of two zones with one frozen: every write fails").hasSize(total);

      // every failed write may have landed in the healthy zone (or, late, in the frozen one): all invalidated
      client.flush().get(120, TimeUnit.SECONDS);
      await().atMost(AWAIT).until(() -> {
        queue.poll();
        return queue.operationsOf(dataset).stream().map(Operation::key).collect(Collectors.toSet())
            .containsAll(failed);
      });
      assertThat(queue.operationsOf(dataset)).allSatisfy(op ->
          assertThat(op.type()).isEqualTo(OperationType.INVALIDATE));

      sandbox.faults().resumeMemcached(EAST, frozen);
      await().atMost(AWAIT).until(() -> outstanding.value() == 0);
      await().atMost(AWAIT).ignoreExceptions().until(() -> cache.setAsync("after", "after")
          .get(10, TimeUnit.SECONDS) != null);
      assertThat(cache.get("after")).isEqualTo("after");
    }
  }
}
