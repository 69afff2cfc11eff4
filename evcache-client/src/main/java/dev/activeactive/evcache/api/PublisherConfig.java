package dev.activeactive.evcache.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.sqs.SqsAsyncClientBuilder;

/**
 * How local writes are published to the other regions' queues. Immutable; build with {@link #builder()}.
 *
 * <p>Each remote region has its own publisher: its own buffer, linger timer, requests in flight, retries and spool,
 * so a partitioned or slow region never holds up the others. A publisher packs many operations into one SQS
 * message (up to the body limit) and up to ten messages into one {@code SendMessageBatch}, coalescing repeated
 * writes to one key while they wait (the newest version wins).
 *
 * <p>Memory is bounded by {@link Builder#maxBufferBytes(long)} per region. When a region's queue cannot be reached
 * or is slower than the writes, its publisher spills messages to an on-disk spool (if
 * {@link Builder#spoolDirectory(Path) configured}) and replays them in order once sends succeed again. When memory
 * and spool are both full, the {@link Builder#overflowPolicy(OverflowPolicy) overflow policy} decides.
 */
public final class PublisherConfig {

  private final List<RemoteRegion> remoteRegions;
  private final AwsCredentialsProvider credentials;
  private final Duration linger;
  private final boolean packing;
  private final long maxBufferBytes;
  private final OverflowPolicy overflowPolicy;
  private final Duration maxBlock;
  private final Path spoolDirectory;
  private final long spoolMaxBytes;
  private final boolean spoolSync;
  private final int maxInFlightRequests;
  private final Duration retryBackoff;
  private final Duration maxRetryBackoff;
  private final Duration requestTimeout;
  private final byte[] signingSecret;
  private final int maxBodyBytes;
  private final Duration closeTimeout;
  private final Consumer<SqsAsyncClientBuilder> sqsClientCustomizer;

  private PublisherConfig(Builder b) {
    this.remoteRegions = List.copyOf(b.remoteRegions);
    this.credentials = b.credentials;
    this.linger = b.linger;
    this.packing = b.packing;
    this.maxBufferBytes = b.maxBufferBytes;
    this.overflowPolicy = b.overflowPolicy;
    this.maxBlock = b.maxBlock;
    this.spoolDirectory = b.spoolDirectory;
    this.spoolMaxBytes = b.spoolMaxBytes;
    this.spoolSync = b.spoolSync;
    this.maxInFlightRequests = b.maxInFlightRequests;
    this.retryBackoff = b.retryBackoff;
    this.maxRetryBackoff = b.maxRetryBackoff;
    this.requestTimeout = b.requestTimeout;
    this.signingSecret = b.signingSecret == null ? null : b.signingSecret.clone();
    this.maxBodyBytes = b.maxBodyBytes;
    this.closeTimeout = b.closeTimeout;
    this.sqsClientCustomizer = b.sqsClientCustomizer;
  }

  /** Starts a publisher configuration. */
  public static Builder builder() {
    return new Builder();
  }

  /** The regions to publish to. */
  public List<RemoteRegion> remoteRegions() {
    return remoteRegions;
  }

  /** AWS credentials; empty for the SDK's default provider chain. */
  public Optional<AwsCredentialsProvider> credentials() {
    return Optional.ofNullable(credentials);
  }

  /** How long an operation may wait for more to pack with it. */
  public Duration linger() {
    return linger;
  }

  /** Whether operations are packed into shared messages. */
  public boolean packing() {
    return packing;
  }

  /** Bytes of operations a region's publisher holds in memory at most. */
  public long maxBufferBytes() {
    return maxBufferBytes;
  }

  /** What a write does when a region's buffer is full. */
  public OverflowPolicy overflowPolicy() {
    return overflowPolicy;
  }

  /** How long {@link OverflowPolicy#BLOCK} waits for room. */
  public Duration maxBlock() {
    return maxBlock;
  }

  /** The spool's parent directory (one subdirectory per remote region), if spooling is on. */
  public Optional<Path> spoolDirectory() {
    return Optional.ofNullable(spoolDirectory);
  }

  /** Disk space one region's spool may take. */
  public long spoolMaxBytes() {
    return spoolMaxBytes;
  }

  /** Whether every spool append is forced to disk. */
  public boolean spoolSync() {
    return spoolSync;
  }

  /** {@code SendMessageBatch} requests in flight per region. */
  public int maxInFlightRequests() {
    return maxInFlightRequests;
  }

  /** The first retry delay after a failed send. */
  public Duration retryBackoff() {
    return retryBackoff;
  }

  /** The longest retry delay. */
  public Duration maxRetryBackoff() {
    return maxRetryBackoff;
  }

  /** How long one SQS request may take. */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** Whether messages are signed. The secret itself is never exposed. */
  public boolean signs() {
    return signingSecret != null;
  }

  /** A copy of the signing secret, if messages are signed. */
  public Optional<byte[]> signingSecret() {
    return Optional.ofNullable(signingSecret).map(byte[]::clone);
  }

  /** The largest message body. */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /** How long {@code close()} waits to deliver what is buffered. */
  public Duration closeTimeout() {
    return closeTimeout;
  }

  /** The hook applied to each region's SQS client builder, if any. */
  public Optional<Consumer<SqsAsyncClientBuilder>> sqsClientCustomizer() {
    return Optional.ofNullable(sqsClientCustomizer);
  }

  /** Describes the configuration; the signing secret is never shown. */
  @Override
  public String toString() {
    return "PublisherConfig{remoteRegions=" + remoteRegions.stream().map(RemoteRegion::name).toList()
        + ", linger=" + linger + ", packing=" + packing + ", maxBufferBytes=" + maxBufferBytes + ", overflowPolicy="
        + overflowPolicy + ", maxBlock=" + maxBlock + ", spoolDirectory=" + spoolDirectory + ", spoolMaxBytes="
        + spoolMaxBytes + ", maxInFlightRequests=" + maxInFlightRequests + ", retryBackoff=" + retryBackoff + ".."
        + maxRetryBackoff + ", requestTimeout=" + requestTimeout + ", signed=" + signs() + ", maxBodyBytes="
        + maxBodyBytes + "}";
  }

  /** Builds a {@link PublisherConfig}. Not thread-safe. */
  public static final class Builder {
    private final List<RemoteRegion> remoteRegions = new ArrayList<>();
    private AwsCredentialsProvider credentials;
    private Duration linger = Duration.ofMillis(5);
    private boolean packing = true;
    private long maxBufferBytes = 32L * 1024 * 1024;
    private OverflowPolicy overflowPolicy = OverflowPolicy.BLOCK;
    private Duration maxBlock = Duration.ofSeconds(1);
    private Path spoolDirectory;
    private long spoolMaxBytes = 1024L * 1024 * 1024;
    private boolean spoolSync;
    private int maxInFlightRequests = 4;
    private Duration retryBackoff = Duration.ofMillis(100);
    private Duration maxRetryBackoff = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private byte[] signingSecret;
    private int maxBodyBytes = 262_144;
    private Duration closeTimeout = Duration.ofSeconds(10);
    private Consumer<SqsAsyncClientBuilder> sqsClientCustomizer;

    private Builder() {}

    /** Adds a region to publish to (its queue and endpoint). */
    public Builder remoteRegion(RemoteRegion region) {
      remoteRegions.add(Objects.requireNonNull(region, "region"));
      return this;
    }

    /** AWS credentials for every region's SQS client; default the SDK's default provider chain. */
    public Builder credentials(AwsCredentialsProvider credentials) {
      this.credentials = credentials;
      return this;
    }

    /**
     * How long an operation may wait for others to share its message, like a Kafka producer's
     * {@code linger.ms}; default 5 ms. A message is sent as soon as it is full, or when the oldest operation in it
     * has waited this long. Longer means fewer SQS requests and a later remote update. Zero sends at once.
     */
    public Builder linger(Duration linger) {
      this.linger = Objects.requireNonNull(linger, "linger");
      return this;
    }

    /**
     * Pack many operations into one message; default {@code true}. With {@code false} every operation is its own
     * message (no linger, no coalescing), still up to ten messages per {@code SendMessageBatch}.
     */
    public Builder packing(boolean packing) {
      this.packing = packing;
      return this;
    }

    /**
     * The memory bound of each region's publisher: encoded bytes of the operations accepted and not yet sent or
     * spooled; default 32 MiB, at least 1 MiB. Above half of it, a publisher with a spool moves what it holds to
     * disk.
     */
    public Builder maxBufferBytes(long bytes) {
      this.maxBufferBytes = bytes;
      return this;
    }

    /** What a write does when a region's buffer (and spool) is full; default {@link OverflowPolicy#BLOCK}. */
    public Builder overflowPolicy(OverflowPolicy policy) {
      this.overflowPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** How long {@link OverflowPolicy#BLOCK} waits for room before failing the write; default 1 s. */
    public Builder maxBlock(Duration maxBlock) {
      this.maxBlock = Objects.requireNonNull(maxBlock, "maxBlock");
      return this;
    }

    /**
     * Spool messages that cannot be sent (queue unreachable, or slower than the writes) to disk under this
     * directory, one subdirectory per remote region, and replay them in order once sends succeed; default none
     * (memory only). Messages left there at {@code close()} or by a crash are replayed by the next client started
     * with the same directory. One client per directory at a time (a file lock enforces it).
     */
    public Builder spoolDirectory(Path directory) {
      this.spoolDirectory = directory;
      return this;
    }

    /** Disk space each region's spool may use; default 1 GiB. */
    public Builder spoolMaxBytes(long bytes) {
      this.spoolMaxBytes = bytes;
      return this;
    }

    /**
     * Force every spool append to disk ({@code fsync}); default {@code false}. Without it a process crash loses
     * nothing already appended (the bytes are in the OS page cache); an OS crash or power loss may lose the newest
     * records.
     */
    public Builder spoolSync(boolean sync) {
      this.spoolSync = sync;
      return this;
    }

    /** {@code SendMessageBatch} requests in flight per region; default 4. */
    public Builder maxInFlightRequests(int requests) {
      this.maxInFlightRequests = requests;
      return this;
    }

    /**
     * Delay before the first retry of a failed send; doubled after each further failure up to
     * {@link #maxRetryBackoff(Duration)}; default 100 ms.
     */
    public Builder retryBackoff(Duration backoff) {
      this.retryBackoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /** The longest delay between retries; default 5 s. */
    public Builder maxRetryBackoff(Duration backoff) {
      this.maxRetryBackoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /** How long one SQS request may take before it counts as failed; default 10 s. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Sign every message with HMAC-SHA256 under this shared secret (at least 16 bytes; 32 random bytes
     * recommended); relays configured with the secret reject unsigned or forged messages. Default: unsigned. The
     * array is copied; the secret never appears in logs or {@code toString()}.
     */
    public Builder signingSecret(byte[] secret) {
      this.signingSecret = secret == null ? null : secret.clone();
      return this;
    }

    /** The largest message body; default and maximum 262,144 bytes (SQS's limit). Smaller for tests. */
    public Builder maxBodyBytes(int bytes) {
      this.maxBodyBytes = bytes;
      return this;
    }

    /**
     * How long {@code close()} waits to send what is buffered; default 10 s. What is still unsent then is
     * spooled (if a spool is configured) or dropped and logged with its count.
     */
    public Builder closeTimeout(Duration timeout) {
      this.closeTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * A hook applied to each region's {@code SqsAsyncClientBuilder} after the client's own settings: for an HTTP
     * client of your own, execution interceptors, or metrics publishers.
     */
    public Builder sqsClientCustomizer(Consumer<SqsAsyncClientBuilder> customizer) {
      this.sqsClientCustomizer = customizer;
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalArgumentException if a value is out of range or a region is listed twice
     */
    public PublisherConfig build() {
      if (remoteRegions.stream().map(RemoteRegion::name).distinct().count() != remoteRegions.size()) {
        throw new IllegalArgumentException("remote regions must be distinct: "
            + remoteRegions.stream().map(RemoteRegion::name).toList());
      }
      requireNonNegative("linger", linger);
      requireNonNegative("maxBlock", maxBlock);
      requirePositive("retryBackoff", retryBackoff);
      requirePositive("maxRetryBackoff", maxRetryBackoff);
      requirePositive("requestTimeout", requestTimeout);
      requireNonNegative("closeTimeout", closeTimeout);
      if (maxBufferBytes < 1024 * 1024) {
        throw new IllegalArgumentException("maxBufferBytes must be at least 1 MiB: " + maxBufferBytes);
      }
      if (maxInFlightRequests < 1) {
        throw new IllegalArgumentException("maxInFlightRequests must be at least 1: " + maxInFlightRequests);
      }
      if (maxBodyBytes < 4096 || maxBodyBytes > 262_144) {
        throw new IllegalArgumentException("maxBodyBytes must be 4096 to 262144: " + maxBodyBytes);
      }
      if (spoolMaxBytes < 4L * maxBodyBytes) {
        throw new IllegalArgumentException("spoolMaxBytes must hold at least four messages: " + spoolMaxBytes);
      }
      if (signingSecret != null && signingSecret.length < 16) {
        throw new IllegalArgumentException("signingSecret must be at least 16 bytes, was " + signingSecret.length
            + "; use 32 random bytes");
      }
      return new PublisherConfig(this);
    }

    private static void requireNonNegative(String name, Duration d) {
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative: " + d);
      }
    }

    private static void requirePositive(String name, Duration d) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + d);
      }
    }
  }
}
