package dev.activeactive.sandbox.api;

import dev.activeactive.sandbox.internal.SharedSandbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds a {@link RegionSandbox} that this JVM owns. Every option has a default that suits tests; see
 * {@link SandboxConfig} for what each one means.
 */
public final class RegionSandboxBuilder {
  private List<String> regions = SandboxConfig.DEFAULT_REGIONS;
  private int zonesPerRegion = 2;
  private String queueName = "cache-replication";
  private int maxReceiveCount = 5;
  private Duration visibilityTimeout = Duration.ofSeconds(30);
  private int memcachedMemoryMegabytes = 64;
  private Duration cassandraStartTimeout = Duration.ofMinutes(3);
  private Path workDirectory;
  private SandboxBackend backend;
  private WanProfile wan = WanProfile.DEFAULT;

  RegionSandboxBuilder() {}

  /** Region names; default {@code us-east-1, us-west-2}. */
  public RegionSandboxBuilder regions(String... names) {
    this.regions = List.of(names);
    return this;
  }

  /** Zones (memcached servers) per region; default 2. */
  public RegionSandboxBuilder zonesPerRegion(int zones) {
    this.zonesPerRegion = zones;
    return this;
  }

  /** The replication queue's name; default {@code cache-replication}, its dead-letter queue adds {@code -dlq}. */
  public RegionSandboxBuilder queueName(String name) {
    this.queueName = name;
    return this;
  }

  /** Receives before a message moves to the dead-letter queue; default 5. */
  public RegionSandboxBuilder maxReceiveCount(int count) {
    this.maxReceiveCount = count;
    return this;
  }

  /** The replication queue's visibility timeout; default 30 s, as in SQS. */
  public RegionSandboxBuilder visibilityTimeout(Duration timeout) {
    this.visibilityTimeout = timeout;
    return this;
  }

  /** Item memory per memcached; default 64 MB. */
  public RegionSandboxBuilder memcachedMemoryMegabytes(int megabytes) {
    this.memcachedMemoryMegabytes = megabytes;
    return this;
  }

  /** How long Cassandra may take to serve; default 3 minutes (it usually needs well under one). */
  public RegionSandboxBuilder cassandraStartTimeout(Duration timeout) {
    this.cassandraStartTimeout = timeout;
    return this;
  }

  /** Where to keep data and logs; default a temporary folder that is deleted on close. */
  public RegionSandboxBuilder workDirectory(Path directory) {
    this.workDirectory = directory;
    return this;
  }

  /**
   * Where the servers run; default the backend named by the system property
   * {@code activeactive.sandbox.backend} or the environment variable {@code ACTIVEACTIVE_SANDBOX_BACKEND},
   * else {@link SandboxBackend#AUTO}.
   */
  public RegionSandboxBuilder backend(SandboxBackend backend) {
    this.backend = Objects.requireNonNull(backend, "backend");
    return this;
  }

  /**
   * The shape of every inter-region path, queue paths and Cassandra alike; default
   * {@link WanProfile#DEFAULT} ({@value WanProfile#DEFAULT_NAME}), {@link WanProfile#NONE} for none.
   */
  public RegionSandboxBuilder wan(WanProfile profile) {
    this.wan = Objects.requireNonNull(profile, "profile");
    return this;
  }

  /** The configuration as set so far. */
  public SandboxConfig config() {
    return new SandboxConfig(regions, zonesPerRegion, queueName, maxReceiveCount, visibilityTimeout,
        memcachedMemoryMegabytes, cassandraStartTimeout, Optional.ofNullable(workDirectory), wan);
  }

  /** A sandbox with nothing started yet; {@link RegionSandbox#require} starts what a caller needs. */
  public RegionSandbox build() {
    return SharedSandbox.newSandbox(config(), backend != null ? backend : SharedSandbox.configuredBackend());
  }
}
