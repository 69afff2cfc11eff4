package dev.activeactive.relay.api;

import dev.activeactive.protocol.api.wire.Envelope;
import dev.activeactive.protocol.api.wire.EnvelopeCodec;
import dev.activeactive.protocol.api.wire.EnvelopeFormatException;
import dev.activeactive.protocol.api.wire.Message;
import dev.activeactive.protocol.api.wire.MessageCodec;
import dev.activeactive.protocol.api.wire.Operation;
import dev.activeactive.protocol.api.zone.RawBytesTranscoder;
import dev.activeactive.sandbox.api.RegionEndpoints;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.SandboxAws;
import dev.activeactive.sandbox.api.ZoneEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.spy.memcached.AddrUtil;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.FailureMode;
import net.spy.memcached.MemcachedClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.PurgeQueueRequest;

/**
 * Publishes into a region's queue the way a remote region's client does (over the inter-region path, with the
 * shared codec), and reads what a zone's memcached holds. Lets tests inject duplicates, reordering and garbage.
 *
 * <p>Public (in the test-jar) for invalidation-relay-service's process tests, which live in their own package.
 */
public final class RelayFixture implements AutoCloseable {
  private static final AtomicLong SEQUENCE = new AtomicLong();

  public final RegionSandbox sandbox;
  public final RegionEndpoints target;
  public final String fromRegion;
  private final SqsClient publisher;
  private final SqsClient local;
  private final List<MemcachedClient> zoneReaders = new ArrayList<>();
  private final MessageCodec codec;

  public RelayFixture(RegionSandbox sandbox, String fromRegion, String targetRegion, MessageCodec codec)
      throws Exception {
    this.sandbox = sandbox;
    this.fromRegion = fromRegion;
    this.target = sandbox.region(targetRegion);
    this.codec = codec;
    this.publisher = SandboxAws.syncClient(target.queueEndpointFrom(fromRegion), target.queues().awsRegion());
    this.local = SandboxAws.syncClient(target);
    for (ZoneEndpoint zone : target.zones()) {
      zoneReaders.add(new MemcachedClient(new ConnectionFactoryBuilder().setFailureMode(FailureMode.Retry)
          .setOpTimeout(2_000).setDaemon(true).build(), AddrUtil.getAddresses(zone.memcachedHostPort())));
    }
  }

  public RelayFixture(RegionSandbox sandbox, String fromRegion, String targetRegion) throws Exception {
    this(sandbox, fromRegion, targetRegion, new MessageCodec());
  }

  /** Empties the region's queue and dead-letter queue, so tests sharing the sandbox do not see each other. */
  public void purgeQueues() {
    local.purgeQueue(PurgeQueueRequest.builder().queueUrl(target.queues().queueUrl()).build());
    local.purgeQueue(PurgeQueueRequest.builder().queueUrl(target.queues().deadLetterQueueUrl()).build());
  }

  /** A new, empty queue in the target region with no redrive policy (and so no dead-letter queue). */
  public String queueWithoutRedrivePolicy() {
    return local.createQueue(b -> b.queueName("no-redrive-" + SEQUENCE.incrementAndGet() + "-" + System.nanoTime()))
        .queueUrl();
  }

  public InvalidationRelayBuilder relayBuilder() {
    InvalidationRelayBuilder builder = InvalidationRelay.builder()
        .region(target.name())
        .queue(target.queues().queueUrl())
        .sqsEndpoint(target.queues().endpoint())
        .credentials(SandboxAws.credentials())
        .receiveWait(Duration.ofSeconds(1))
        .visibilityTimeout(Duration.ofSeconds(2))
        .shutdownGrace(Duration.ofSeconds(10));
    for (ZoneEndpoint zone : target.zones()) {
      builder.zone(zone.name(), zone.memcachedHostPort());
    }
    return builder;
  }

  /** Publishes operations as one message, as region {@code fromRegion} would. */
  public void publish(Operation... operations) {
    publishBody(codec.encodeBody(Message.of(fromRegion, System.currentTimeMillis(), 7L,
        SEQUENCE.incrementAndGet(), List.of(operations))));
  }

  /** Publishes operations as one message that becomes visible only after {@code delaySeconds}. */
  public void publishDelayed(Operation operation, int delaySeconds) {
    String body = codec.encodeBody(Message.of(fromRegion, System.currentTimeMillis(), 7L,
        SEQUENCE.incrementAndGet(), List.of(operation)));
    publisher.sendMessage(b -> b.queueUrl(target.queues().queueUrl()).messageBody(body).delaySeconds(delaySeconds));
  }

  /**
   * Publishes {@code count} messages of one REPLICATE each (keys {@code prefix:0..count-1}) straight to the
   * target region's own SQS endpoint, ten per request, not over the inter-region path.
   */
  public void publishLocally(String prefix, int count, dev.activeactive.protocol.api.version.Version version) {
    List<software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Operation op = Operation.replicate(prefix + ":" + i, version, 0, 0, new byte[] {1});
      batch.add(software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry.builder().id("m" + i)
          .messageBody(codec.encodeBody(Message.of(fromRegion, System.currentTimeMillis(), 7L,
              SEQUENCE.incrementAndGet(), List.of(op)))).build());
      if (batch.size() == 10 || i == count - 1) {
        var entries = List.copyOf(batch);
        local.sendMessageBatch(b -> b.queueUrl(target.queues().queueUrl()).entries(entries));
        batch.clear();
      }
    }
  }

  public void publishBody(String body) {
    publisher.sendMessage(b -> b.queueUrl(target.queues().queueUrl()).messageBody(body));
  }

  /** What zone {@code index} holds for the key, decoded; null when absent. */
  public Envelope stored(int zoneIndex, String key) throws EnvelopeFormatException {
    byte[] bytes = zoneReaders.get(zoneIndex).get(key, new RawBytesTranscoder());
    return bytes == null ? null : EnvelopeCodec.decode(bytes);
  }

  public int zoneCount() {
    return zoneReaders.size();
  }

  /** Bodies waiting in the dead-letter queue (received and left there). */
  public List<String> deadLetters() {
    return local.receiveMessage(b -> b.queueUrl(target.queues().deadLetterQueueUrl()).maxNumberOfMessages(10)
            .visibilityTimeout(0).waitTimeSeconds(1))
        .messages().stream().map(software.amazon.awssdk.services.sqs.model.Message::body).toList();
  }

  @Override
  public void close() {
    publisher.close();
    local.close();
    zoneReaders.forEach(MemcachedClient::shutdown);
  }

}
