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
import dev.activeactive.sandbox.api.PartitionMode;
import dev.activeactive.sandbox.api.RegionEndpoints;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.SandboxAws;
import dev.activeactive.sandbox.api.SandboxComponent;
import dev.activeactive.sandbox.api.WanProfile;
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
 *
 * <p>{@code -Dwan=PROFILE} sets the sandbox's WAN profile first (default {@value WanProfile#DEFAULT_NAME}); the
 * target is then p99 at most one-way delay + linger + 50 ms. {@code -Dblackhole=S} adds a partition: after the
 * measured phase the queue path is blackholed for S seconds while writing goes on, then healed; the benchmark
 * reports the backlog at heal, how fast it drained, and the lag p99 of the messages applied after it drained
 * (keys are then unique, so every write is one applied operation). {@code -Dspool=DIR} gives the client a spool
 * (and so its write-ahead journal) in DIR, {@code -DspoolSync=true} forces it to disk on every append.
 */
public final class RelayLagBenchmark {

  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    Duration linger = Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 5);
    int warmupSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 0;
    int blackholeSeconds = Integer.getInteger("blackhole", 0);
    RegionSandbox sandbox = RegionSandbox.shared();
    sandbox.require(SandboxComponent.MEMCACHED, SandboxComponent.SQS);
    WanProfile wan = WanProfile.parse(System.getProperty("wan", WanProfile.DEFAULT_NAME));
    sandbox.faults().setWan(wan);
    System.out.println("WAN profile: " + wan.describe());
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
            .spoolDirectory(System.getProperty("spool") == null ? null : java.nio.file.Path.of(System.getProperty("spool")))
            .spoolSync(Boolean.getBoolean("spoolSync"))
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
      long target = wan.oneWayDelay().toMillis() + linger.toMillis() + 50;
      System.out.printf("target: p99 <= one-way delay + linger + 50 ms = %d ms%n", target);
      if (blackholeSeconds > 0) {
        blackhole(sandbox, cache, relay, registry, rate, blackholeSeconds, target);
      }
    }
    System.exit(0);
  }

  /**
   * Writes unique keys at {@code rate} while the queue path is blackholed for {@code seconds}, heals, goes on
   * writing for 30 s, and reports the backlog's drain rate and the lag after it drained.
   */
  private static void blackhole(RegionSandbox sandbox, DatasetCache<String> cache, InvalidationRelay relay,
      CompositeMeterRegistry registry, int rate, int seconds, long targetMillis) throws Exception {
    long appliedBefore = relay.stats().operationsApplied();
    long[] written = new long[1];
    Thread writer = new Thread(() -> {
      long nanosPerWrite = 1_000_000_000L / rate;
      long start = System.nanoTime();
      long total = (long) rate * (seconds + 30);
      for (long i = 0; i < total; i++) {
        long wait = start + i * nanosPerWrite - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        cache.setAsync("b" + i, "v");
        written[0] = i + 1;
      }
    }, "blackhole-writer");
    sandbox.faults().partition("us-east-1", "us-west-2", PartitionMode.BLACKHOLE);
    writer.start();
    Thread.sleep(seconds * 1000L);
    long writtenAtHeal = written[0];
    long appliedAtHeal = relay.stats().operationsApplied() - appliedBefore;
    sandbox.faults().heal("us-east-1", "us-west-2");
    long healed = System.nanoTime();
    long drainedAt = -1;
    while (System.nanoTime() - healed < TimeUnit.SECONDS.toNanos(120)) {
      if (relay.stats().operationsApplied() - appliedBefore >= writtenAtHeal) {
        drainedAt = System.nanoTime();
        break;
      }
      Thread.sleep(20);
    }
    SimpleMeterRegistry afterDrain = new SimpleMeterRegistry();
    registry.add(afterDrain);
    writer.join();
    long backlog = writtenAtHeal - appliedAtHeal;
    System.out.printf("blackhole %d s at %d writes/s: backlog at heal %d operations (%d applied during it)%n",
        seconds, rate, backlog, appliedAtHeal);
    if (drainedAt < 0) {
      System.out.printf("backlog NOT drained within 120 s of heal (applied %d of %d)%n",
          relay.stats().operationsApplied() - appliedBefore, writtenAtHeal);
      return;
    }
    double drainSeconds = (drainedAt - healed) / 1e9;
    double drainRate = backlog / drainSeconds;
    System.out.printf("backlog drained %.1f s after heal: %.0f operations/s = %.1fx the write rate (target >= 5x)%n",
        drainSeconds, drainRate, drainRate / rate);
    var lag = afterDrain.find("relay.lag").timer();
    if (lag != null) {
      for (ValueAtPercentile p : lag.takeSnapshot().percentileValues()) {
        System.out.printf("lag after the drain, until 30 s after heal: p%s = %.1f ms (target %d ms)%n",
            p.percentile() * 100, p.value(TimeUnit.MILLISECONDS), targetMillis);
      }
    }
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
