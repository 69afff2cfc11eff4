package dev.activeactive.relay.e2e;

import dev.activeactive.evcache.api.DatasetConfig;
import dev.activeactive.evcache.api.EVCacheClient;
import dev.activeactive.evcache.api.EVCacheClientBuilder;
import dev.activeactive.evcache.api.PublisherConfig;
import dev.activeactive.evcache.api.RemoteRegion;
import dev.activeactive.evcache.api.ZoneConfig;
import dev.activeactive.protocol.api.wire.Envelope;
import dev.activeactive.protocol.api.wire.EnvelopeCodec;
import dev.activeactive.protocol.api.zone.RawBytesTranscoder;
import dev.activeactive.relay.api.InvalidationRelay;
import dev.activeactive.relay.api.InvalidationRelayBuilder;
import dev.activeactive.sandbox.api.RegionEndpoints;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.SandboxAws;
import dev.activeactive.sandbox.api.ZoneEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import net.spy.memcached.AddrUtil;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.FailureMode;
import net.spy.memcached.MemcachedClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.PurgeQueueRequest;

/**
 * Two regions of the sandbox with real clients and real relays: builds an {@link EVCacheClient} in a region
 * (publishing to the other region's queue over the partitionable path), an {@link InvalidationRelay} draining a
 * region's queue into its zones, and raw readers of every zone's memcached. Closes everything it built.
 */
final class E2eFixture implements AutoCloseable {

  static final String EAST = "us-east-1";
  static final String WEST = "us-west-2";

  private final RegionSandbox sandbox;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final Map<String, List<MemcachedClient>> readers = new ConcurrentHashMap<>();

  E2eFixture(RegionSandbox sandbox) {
    this.sandbox = sandbox;
  }

  /** Empties both regions' replication and dead-letter queues: the sandbox is shared by the JVM's test classes. */
  static void purgeQueues(RegionSandbox sandbox) {
    for (String region : List.of(EAST, WEST)) {
      RegionEndpoints endpoints = sandbox.region(region);
      try (SqsClient sqs = SandboxAws.syncClient(endpoints)) {
        sqs.purgeQueue(PurgeQueueRequest.builder().queueUrl(endpoints.queues().queueUrl()).build());
        sqs.purgeQueue(PurgeQueueRequest.builder().queueUrl(endpoints.queues().deadLetterQueueUrl()).build());
      }
    }
  }

  static String other(String region) {
    return region.equals(EAST) ? WEST : EAST;
  }

  /** A client in {@code region}, publishing to the other region, with the given datasets. */
  EVCacheClient client(String region, boolean publishing, DatasetConfig... datasets) {
    return client(region, publishing, p -> { }, datasets);
  }

  /** A client in {@code region}; {@code publisher} adjusts its publisher configuration. */
  EVCacheClient client(String region, boolean publishing, Consumer<PublisherConfig.Builder> publisher,
      DatasetConfig... datasets) {
    EVCacheClientBuilder builder = EVCacheClient.builder().region(region);
    for (ZoneEndpoint zone : sandbox.region(region).zones()) {
      builder.zone(ZoneConfig.of(zone.name(), zone.memcachedHostPort()));
    }
    for (DatasetConfig dataset : datasets) {
      builder.dataset(dataset);
    }
    if (publishing) {
      RegionEndpoints remote = sandbox.region(other(region));
      PublisherConfig.Builder config = PublisherConfig.builder()
          .remoteRegion(RemoteRegion.of(remote.name(), remote.queues().queueUrl(), remote.queueEndpointFrom(region))
              .withAwsRegion(remote.queues().awsRegion()))
          .credentials(SandboxAws.credentials())
          .retryBackoff(Duration.ofMillis(50))
          .maxRetryBackoff(Duration.ofMillis(500));
      publisher.accept(config);
      builder.publisher(config.build());
    }
    EVCacheClient client = builder.build();
    closeables.add(client);
    return client;
  }

  /** A relay draining {@code region}'s queue into its zones, started. */
  InvalidationRelay relay(String region) {
    return relay(region, b -> { });
  }

  /** A relay; {@code custom} adjusts its builder before it starts. */
  InvalidationRelay relay(String region, Consumer<InvalidationRelayBuilder> custom) {
    RegionEndpoints endpoints = sandbox.region(region);
    InvalidationRelayBuilder builder = InvalidationRelay.builder()
        .region(region)
        .queue(endpoints.queues().queueUrl())
        .sqsEndpoint(endpoints.queues().endpoint())
        .awsRegion(endpoints.queues().awsRegion())
        .credentials(SandboxAws.credentials())
        .receiveWait(Duration.ofSeconds(1))
        .visibilityTimeout(Duration.ofSeconds(5))
        .shutdownGrace(Duration.ofSeconds(5));
    for (ZoneEndpoint zone : endpoints.zones()) {
      builder.zone(zone.name(), zone.memcachedHostPort());
    }
    custom.accept(builder);
    InvalidationRelay relay = builder.build().start();
    closeables.add(relay);
    return relay;
  }

  /** The raw item bytes every zone of {@code region} holds for a memcached key (null where absent). */
  List<byte[]> rawInEveryZone(String region, String memcachedKey) {
    List<MemcachedClient> clients = readers.computeIfAbsent(region, this::connectReaders);
    List<byte[]> items = new ArrayList<>();
    for (MemcachedClient client : clients) {
      items.add(client.get(memcachedKey, new RawBytesTranscoder()));
    }
    return items;
  }

  /** The envelope every zone of {@code region} holds (null where absent). */
  List<Envelope> inEveryZone(String region, String memcachedKey) {
    List<Envelope> envelopes = new ArrayList<>();
    for (byte[] bytes : rawInEveryZone(region, memcachedKey)) {
      try {
        envelopes.add(bytes == null ? null : EnvelopeCodec.decode(bytes));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
    return envelopes;
  }

  /** Whether every zone of both regions holds exactly the same bytes for the key (and holds something). */
  boolean identicalEverywhere(String memcachedKey) {
    List<byte[]> all = new ArrayList<>(rawInEveryZone(EAST, memcachedKey));
    all.addAll(rawInEveryZone(WEST, memcachedKey));
    if (all.get(0) == null) {
      return false;
    }
    return all.stream().allMatch(b -> Arrays.equals(b, all.get(0)));
  }

  private List<MemcachedClient> connectReaders(String region) {
    List<MemcachedClient> clients = new ArrayList<>();
    for (ZoneEndpoint zone : sandbox.region(region).zones()) {
      try {
        MemcachedClient client = new MemcachedClient(new ConnectionFactoryBuilder()
            .setFailureMode(FailureMode.Retry).setOpTimeout(2_000).setDaemon(true).build(),
            AddrUtil.getAddresses(zone.memcachedHostPort()));
        clients.add(client);
        closeables.add(client::shutdown);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return clients;
  }

  @Override
  public void close() {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        // keep closing the rest
      }
    }
  }
}
