package dev.activeactive.relay.bench;

import dev.activeactive.protocol.api.version.Version;
import dev.activeactive.protocol.api.wire.Envelope;
import dev.activeactive.protocol.api.wire.EnvelopeCodec;
import dev.activeactive.protocol.api.wire.Message;
import dev.activeactive.protocol.api.wire.MessageCodec;
import dev.activeactive.protocol.api.wire.Operation;
import dev.activeactive.protocol.api.zone.RawBytesTranscoder;
import dev.activeactive.relay.api.InvalidationRelay;
import dev.activeactive.relay.api.InvalidationRelayBuilder;
import dev.activeactive.sandbox.api.RegionEndpoints;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.SandboxAws;
import dev.activeactive.sandbox.api.SandboxComponent;
import dev.activeactive.sandbox.api.ZoneEndpoint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import net.spy.memcached.AddrUtil;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.DefaultHashAlgorithm;
import net.spy.memcached.MemcachedClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.PurgeQueueRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * How fast one relay applies packed messages, against a baseline measured in the same run: the same number of
 * plain, unconditional spymemcached sets of the same envelopes to the same zones (no SQS, no versions).
 *
 * <p>Half of the keys already hold an older value in every zone (seeded before the clock starts), so the relay
 * replaces them with {@code cas}; the other half are absent and stored with {@code add}.
 *
 * <p>Run: see docs/PERFORMANCE.md. Arguments: operations (default 200000), operations per message (default 1000).
 */
public final class RelayThroughputBenchmark {

  public static void main(String[] args) throws Exception {
    int operations = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int perMessage = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    // room for every key of both phases without evictions (the sandbox's default is 64 MB per server)
    try (RegionSandbox sandbox = RegionSandbox.builder().memcachedMemoryMegabytes(512).build()) {
      sandbox.require(SandboxComponent.MEMCACHED, SandboxComponent.SQS);
      RegionEndpoints west = sandbox.region("us-west-2");
      double baseline = baselineSetsPerSecond(west, operations);
      double relay = relayOpsPerSecond(west, operations, perMessage, "bench");
      System.out.printf("operations=%d perMessage=%d zones=%d%n", operations, perMessage, west.zones().size());
      System.out.printf("baseline raw spymemcached sets (every zone): %.0f ops/s%n", baseline);
      System.out.printf("relay apply from packed messages (every zone): %.0f ops/s (%.2fx baseline)%n", relay,
          relay / baseline);
    }
    // spymemcached's shutdown can leave an I/O thread behind; a benchmark must end when it is done
    System.exit(0);
  }

  private static double baselineSetsPerSecond(RegionEndpoints west, int operations) throws Exception {
    List<MemcachedClient> clients = new ArrayList<>();
    for (ZoneEndpoint zone : west.zones()) {
      clients.add(new MemcachedClient(new ConnectionFactoryBuilder()
          .setLocatorType(ConnectionFactoryBuilder.Locator.CONSISTENT).setHashAlg(DefaultHashAlgorithm.KETAMA_HASH)
          .setOpTimeout(10_000).setDaemon(true).build(), AddrUtil.getAddresses(zone.memcachedHostPort())));
    }
    RawBytesTranscoder transcoder = new RawBytesTranscoder();
    byte[] value = EnvelopeCodec.encode(Envelope.value(new Version(1, "us-east-1"), 0,
        "value-of-a-typical-size-0123456789".getBytes(StandardCharsets.UTF_8)));
    long start = System.nanoTime();
    List<Future<Boolean>> pending = new ArrayList<>();
    for (int i = 0; i < operations; i++) {
      for (MemcachedClient client : clients) {
        pending.add(client.set("baseline:" + i, 0, value, transcoder));
      }
      if (pending.size() >= 20_000) {
        for (Future<Boolean> f : pending) {
          f.get();
        }
        pending.clear();
      }
    }
    for (Future<Boolean> f : pending) {
      f.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    clients.forEach(MemcachedClient::shutdown);
    return operations / seconds;
  }

  /** Stores an older version of every other key in every zone. */
  private static void seedOlderValues(RegionEndpoints west, int operations, String prefix, long olderMicros)
      throws Exception {
    RawBytesTranscoder transcoder = new RawBytesTranscoder();
    byte[] older = EnvelopeCodec.encode(Envelope.value(new Version(olderMicros, "us-east-1"), 0,
        "older-value".getBytes(StandardCharsets.UTF_8)));
    for (ZoneEndpoint zone : west.zones()) {
      MemcachedClient client = new MemcachedClient(new ConnectionFactoryBuilder()
          .setLocatorType(ConnectionFactoryBuilder.Locator.CONSISTENT).setHashAlg(DefaultHashAlgorithm.KETAMA_HASH)
          .setOpTimeout(10_000).setDaemon(true).build(), AddrUtil.getAddresses(zone.memcachedHostPort()));
      List<Future<Boolean>> pending = new ArrayList<>();
      for (int i = 0; i < operations; i += 2) {
        pending.add(client.set(prefix + ":" + i, 0, older, transcoder));
        if (pending.size() >= 10_000) {
          for (Future<Boolean> f : pending) {
            f.get();
          }
          pending.clear();
        }
      }
      for (Future<Boolean> f : pending) {
        f.get();
      }
      client.shutdown();
    }
  }

  private static double relayOpsPerSecond(RegionEndpoints west, int operations, int perMessage, String prefix)
      throws Exception {
    MessageCodec codec = new MessageCodec();
    long micros = System.currentTimeMillis() * 1000;
    seedOlderValues(west, operations, prefix, micros - 1_000_000);
    try (SqsClient sqs = SandboxAws.syncClient(west)) {
      sqs.purgeQueue(PurgeQueueRequest.builder().queueUrl(west.queues().queueUrl()).build());
      List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
      byte[] value = "value-of-a-typical-size-0123456789".getBytes(StandardCharsets.UTF_8);
      int messages = 0;
      for (int first = 0; first < operations; first += perMessage) {
        List<Operation> ops = new ArrayList<>();
        for (int i = first; i < Math.min(operations, first + perMessage); i++) {
          ops.add(Operation.replicate(prefix + ":" + i, new Version(++micros, "us-east-1"), 0, 0, value));
        }
        String body = codec.encodeBody(Message.of("us-east-1", System.currentTimeMillis(), 1, messages, ops));
        batch.add(SendMessageBatchRequestEntry.builder().id("m" + messages++).messageBody(body).build());
        if (batch.size() == 1 || batch.size() == 10) {
          // one entry per request keeps each request under SQS's 256 KiB batch limit for large messages
          List<SendMessageBatchRequestEntry> entries = List.copyOf(batch);
          sqs.sendMessageBatch(b -> b.queueUrl(west.queues().queueUrl()).entries(entries));
          batch.clear();
        }
      }
    }
    InvalidationRelayBuilder builder = InvalidationRelay.builder()
        .region(west.name())
        .queue(west.queues().queueUrl())
        .sqsEndpoint(west.queues().endpoint())
        .credentials(SandboxAws.credentials())
        .receiveWait(Duration.ofSeconds(1))
        .pollers(4);
    for (ZoneEndpoint zone : west.zones()) {
      builder.zone(zone.name(), zone.memcachedHostPort());
    }
    long start = System.nanoTime();
    try (InvalidationRelay relay = builder.build().start()) {
      while (relay.stats().operationsApplied() < operations) {
        Thread.onSpinWait();
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      return operations / ((System.nanoTime() - start) / 1e9);
    }
  }
}
