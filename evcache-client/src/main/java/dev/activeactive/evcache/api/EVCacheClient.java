package dev.activeactive.evcache.api;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * An EVCache-style memcached client for one region of an active-active deployment. It reads and writes the
 * region's own memcached (every zone), and publishes each write through SQS to the other regions, where the
 * invalidation relay applies it, invalidating or replicating as each dataset's {@link ReplicationPolicy} says.
 * Nothing remote is ever on the caller's path.
 *
 * <pre>{@code
 * try (EVCacheClient client = EVCacheClient.builder()
 *     .region("us-east-1")
 *     .zone(ZoneConfig.of("us-east-1a", "10.0.1.10:11211", "10.0.1.11:11211"))
 *     .zone(ZoneConfig.of("us-east-1b", "10.0.2.10:11211", "10.0.2.11:11211"))
 *     .localZone("us-east-1a")
 *     .dataset(DatasetConfig.builder("profiles").replication(ReplicationPolicy.REPLICATE).build())
 *     .publisher(PublisherConfig.builder()
 *         .remoteRegion(RemoteRegion.of("us-west-2", westQueueUrl))
 *         .build())
 *     .build()) {
 *   DatasetCache<String> profiles = client.dataset("profiles", ValueCodec.utf8());
 *   profiles.set("alice", "{...}");
 *   String alice = profiles.get("alice");
 * }
 * }</pre>
 *
 * <p>Thread-safe. Create one per process and region, and close it at shutdown: {@link #close()} delivers (or
 * spools) what is still buffered for the other regions.
 */
public interface EVCacheClient extends AutoCloseable {

  /** The single entry point: a builder for a client. */
  static EVCacheClientBuilder builder() {
    return new EVCacheClientBuilder();
  }

  /** The region this client writes in; stamped into every version it issues. */
  String region();

  /** The names of the configured datasets. */
  Set<String> datasets();

  /**
   * A dataset's operations with values as byte arrays.
   *
   * @throws IllegalArgumentException if the dataset is not configured
   */
  DatasetCache<byte[]> dataset(String name);

  /**
   * A dataset's operations with values converted by {@code codec}. Handles are cheap; every handle of a dataset
   * shares its near cache.
   *
   * @throws IllegalArgumentException if the dataset is not configured
   */
  <V> DatasetCache<V> dataset(String name, ValueCodec<V> codec);

  /**
   * Sends everything buffered for the other regions now, without waiting for the linger time, and completes when
   * every remote region's publisher is idle: everything accepted before (and during) the call has been
   * acknowledged by SQS, including spooled messages. While a region's queue is unreachable it does not complete;
   * use a timeout ({@code flush().get(10, SECONDS)} or {@code orTimeout}).
   */
  CompletableFuture<Void> flush();

  /**
   * Stops accepting operations, delivers what is buffered for up to the publisher's close timeout (spooling or,
   * without a spool, logging and dropping what is left), and closes the memcached and SQS connections. Idempotent.
   */
  @Override
  void close();
}
