package dev.activeactive.relay.bench;

import dev.activeactive.evcache.api.DatasetCache;
import dev.activeactive.evcache.api.DatasetConfig;
import dev.activeactive.evcache.api.EVCacheClient;
import dev.activeactive.evcache.api.EVCacheClientBuilder;
import dev.activeactive.evcache.api.PublisherConfig;
import dev.activeactive.evcache.api.RemoteRegion;
import dev.activeactive.evcache.api.ReplicationPolicy;
import dev.activeactive.evcache.api.ValueCodec;
import dev.activeactive.evcache.api.ZoneConfig;
import dev.activeactive.relay.api.InvalidationRelay;
import dev.activeactive.relay.api.InvalidationRelayBuilder;
import dev.activeactive.sandbox.api.RegionEndpoints;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.SandboxAws;
import dev.activeactive.sandbox.api.SandboxComponent;
import dev.activeactive.sandbox.api.ZoneEndpoint;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.PurgeQueueRequest;

/**
 * Publish-to-apply lag at a steady write rate: evcache-client in us-east-1 writes an INVALIDATE dataset at a
 * fixed rate, one relay in us-west-2 applies, and the relay's own lag histogram is read at the end. The target is
 * p99 at most the publisher's linger plus 50 ms.
 *
 * <p>Run: see docs/PERFORMANCE.md. Arguments: writes per second (default 5000), seconds (default 20), linger in
 * ms (default 5), warm-up seconds (default 0). With a warm-up, the writer first writes at the same rate for that
 * long, unmeasured, so that the percentiles describe a relay and client whose code is compiled rather than the
 * JVM's first seconds (a relay in production runs for days); the lag histogram then counts only the messages
 * applied after the warm-up.
 */
public final class RelayLagBenchmark {

  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    Duration linger = Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 5);
    int warmupSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 0;
    RegionSandbox sandbox = RegionSandbox.shared();
    sandbox.require(SandboxComponent.MEMCACHED, SandboxComponent.SQS);
    RegionEndpoints east = sandbox.region("us-east-1");
    RegionEndpoints west = sandbox.region("us-west-2");
    try (SqsClient sqs = SandboxAws.syncClient(west)) {
      sqs.purgeQueue(PurgeQueueRequest.builder().queueUrl(west.queues().queueUrl()).build());
    }
    EVCacheClientBuilder client = EVCacheClient.builder()
        .region(east.name())
        .localZone(east.zones().get(0).name())
        .dataset(DatasetConfig.builder("bench").replication(ReplicationPolicy.INVALIDATE).build())
        .publisher(PublisherConfig.builder()
            .remoteRegion(RemoteRegion.of(west.name(), west.queues().queueUrl(), west.queueEndpointFrom(east.name()))
                .withAwsRegion(west.queues().awsRegion()))
            .credentials(SandboxAws.credentials())
            .linger(linger)
            .build());
    for (ZoneEndpoint zone : east.zones()) {
      client.zone(ZoneConfig.of(zone.name(), zone.memcachedHostPort()));
    }
    // one window over the whole run: the default (2 minutes in 3 rotating buckets) could drop its start
    SimpleMeterRegistry measured = new SimpleMeterRegistry();
    measured.config().meterFilter(new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        return DistributionStatisticConfig.builder().expiry(Duration.ofMinutes(30)).bufferLength(1).build()
            .merge(config);
      }
    });
    // the relay records into a composite; the measured registry joins it after the warm-up and so sees only what
    // is recorded from then on
    CompositeMeterRegistry registry = new CompositeMeterRegistry();
    if (warmupSeconds == 0) {
      registry.add(measured);
    }
    InvalidationRelayBuilder relayBuilder = InvalidationRelay.builder()
        .meterRegistry(registry)
        .region(west.name())
        .queue(west.queues().queueUrl())
        .sqsEndpoint(west.queues().endpoint())
        .credentials(SandboxAws.credentials())
        .receiveWait(Duration.ofSeconds(Long.getLong("receiveWaitSeconds", 20)))
        .pollers(Integer.getInteger("pollers", 2));
    for (ZoneEndpoint zone : west.zones()) {
      relayBuilder.zone(zone.name(), zone.memcachedHostPort());
    }
    long total = (long) rate * seconds;
    SimpleMeterRegistry clientRegistry = new SimpleMeterRegistry();
    client.meterRegistry(clientRegistry);
    try (EVCacheClient writer = client.build(); InvalidationRelay relay = relayBuilder.build().start()) {
      DatasetCache<String> cache = writer.dataset("bench", ValueCodec.utf8());
      if (warmupSeconds > 0) {
        write(cache, rate, (long) rate * warmupSeconds, "w");
        writer.flush().get(60, TimeUnit.SECONDS);
        waitUntilIdle(relay);
        registry.add(measured);
      }
      double requestsBefore = count(clientRegistry, "evcache.publisher.requests");
      double messagesBefore = count(clientRegistry, "evcache.publisher.messages");
      double achieved = write(cache, rate, total, "k");
      writer.flush().get(60, TimeUnit.SECONDS);
      waitUntilIdle(relay);
      var lag = measured.get("relay.lag").timer().takeSnapshot();
      System.out.printf("rate=%d/s (achieved %.0f/s) seconds=%d linger=%d ms warm-up=%d s; relay applied %d operations in"
          + " %d messages (%d measured)%n", rate, achieved, seconds, linger.toMillis(), warmupSeconds,
          relay.stats().operationsApplied(), relay.stats().messagesApplied(), lag.count());
      for (ValueAtPercentile p : lag.percentileValues()) {
        System.out.printf("publish-to-apply lag p%s = %.1f ms%n", p.percentile() * 100, p.value(TimeUnit.MILLISECONDS));
      }
      for (String stage : new String[] {"relay.receive.lag", "relay.apply.time"}) {
        var snapshot = measured.get(stage).timer().takeSnapshot();
        for (ValueAtPercentile p : snapshot.percentileValues()) {
          System.out.printf("  %s p%s = %.1f ms%n", stage, p.percentile() * 100, p.value(TimeUnit.MILLISECONDS));
        }
      }
      double requests = count(clientRegistry, "evcache.publisher.requests") - requestsBefore;
      double messages = count(clientRegistry, "evcache.publisher.messages") - messagesBefore;
      System.out.printf("publisher: %.0f SendMessageBatch requests, %.0f messages (%.1f requests per 1,000 writes)%n",
          requests, messages, requests * 1000 / total);
      System.out.printf("target: p99 <= linger + 50 ms = %d ms%n", linger.toMillis() + 50);
    }
    System.exit(0);
  }

  private static double count(SimpleMeterRegistry registry, String counter) {
    return registry.find(counter).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  /** Writes {@code count} keys at {@code rate} per second; returns the rate achieved. */
  private static double write(DatasetCache<String> cache, int rate, long count, String prefix) {
    long nanosPerWrite = 1_000_000_000L / rate;
    long start = System.nanoTime();
    for (long i = 0; i < count; i++) {
      long wait = start + i * nanosPerWrite - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      cache.setAsync(prefix + (i % 50_000), "v" + i);
    }
    return count / ((System.nanoTime() - start) / 1e9);
  }

  /**
   * Repeated writes of a key inside one message are coalesced, so the relay applies fewer operations than were
   * written: waits until it has been idle for two seconds (at most a minute).
   */
  private static void waitUntilIdle(InvalidationRelay relay) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    long last = -1;
    long idleSince = System.nanoTime();
    while (System.nanoTime() < deadline && System.nanoTime() - idleSince < TimeUnit.SECONDS.toNanos(2)) {
      long applied = relay.stats().operationsApplied();
      if (applied != last) {
        last = applied;
        idleSince = System.nanoTime();
      }
      Thread.sleep(50);
    }
  }
}
