package dev.activeactive.spring.api;

import dev.activeactive.evcache.api.OverflowPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The publisher ({@code active-active.cache.publisher.*}): the other regions' queues and how writes reach them.
 * The defaults are {@code PublisherConfig}'s.
 */
public class PublisherProperties {
  /**
   * Created by Spring Boot's binder, which then sets active-active.cache.publisher.* from the environment; created
   * directly (tests, programmatic set-up) it holds every option's documented default.
   */
  public PublisherProperties() {
  }

  /** The regions to publish to, by region name, each with its replication queue. None: nothing is published. */
  private Map<String, RemoteRegion> remoteRegions = new LinkedHashMap<>();

  /** How long an operation may wait for others to share its message; 0 sends at once. */
  private Duration linger = Duration.ofMillis(5);

  /** Pack many operations into one message. */
  private boolean packing = true;

  /** Bytes of operations each region's publisher holds in memory at most (at least 1 MiB). */
  private long maxBufferBytes = 32L * 1024 * 1024;

  /** What a write does when a region's buffer and spool are full (BLOCK, DROP_AND_COUNT, FAIL). */
  private OverflowPolicy overflowPolicy = OverflowPolicy.BLOCK;

  /** How long BLOCK waits for room before the write fails. */
  private Duration maxBlock = Duration.ofSeconds(1);

  /**
   * Spool what cannot be sent to disk under this directory (one subdirectory per region) and replay it; none by
   * default (memory only). One process per directory.
   */
  private Path spoolDirectory;

  /** Disk space each region's spool may use. */
  private long spoolMaxBytes = 1024L * 1024 * 1024;

  /** Force every spool append to disk (fsync). */
  private boolean spoolSync;

  /** SendMessageBatch requests in flight per region. */
  private int maxInFlightRequests = 4;

  /** Delay before the first retry of a failed send, doubled up to max-retry-backoff. */
  private Duration retryBackoff = Duration.ofMillis(100);

  /** The longest delay between retries. */
  private Duration maxRetryBackoff = Duration.ofSeconds(5);

  /** How long one SQS request may take. */
  private Duration requestTimeout = Duration.ofSeconds(10);

  /**
   * Sign every message with HMAC-SHA256 under this secret, given in Base64 (at least 16 bytes decoded; 32 random
   * bytes recommended). The relays need the same secret. Never logged.
   */
  private String signingSecret;

  /** The largest message body, 4096 to 262144 bytes. */
  private int maxBodyBytes = 262_144;

  /**
   * How long shutdown waits to deliver what is buffered (first a flush, then the client's close); what is still
   * unsent then is spooled, or dropped and logged without a spool.
   */
  private Duration closeTimeout = Duration.ofSeconds(10);

  public Map<String, RemoteRegion> getRemoteRegions() {
    return remoteRegions;
  }

  public void setRemoteRegions(Map<String, RemoteRegion> remoteRegions) {
    this.remoteRegions = remoteRegions;
  }

  public Duration getLinger() {
    return linger;
  }

  public void setLinger(Duration linger) {
    this.linger = linger;
  }

  public boolean isPacking() {
    return packing;
  }

  public void setPacking(boolean packing) {
    this.packing = packing;
  }

  public long getMaxBufferBytes() {
    return maxBufferBytes;
  }

  public void setMaxBufferBytes(long maxBufferBytes) {
    this.maxBufferBytes = maxBufferBytes;
  }

  public OverflowPolicy getOverflowPolicy() {
    return overflowPolicy;
  }

  public void setOverflowPolicy(OverflowPolicy overflowPolicy) {
    this.overflowPolicy = overflowPolicy;
  }

  public Duration getMaxBlock() {
    return maxBlock;
  }

  public void setMaxBlock(Duration maxBlock) {
    this.maxBlock = maxBlock;
  }

  public Path getSpoolDirectory() {
    return spoolDirectory;
  }

  public void setSpoolDirectory(Path spoolDirectory) {
    this.spoolDirectory = spoolDirectory;
  }

  public long getSpoolMaxBytes() {
    return spoolMaxBytes;
  }

  public void setSpoolMaxBytes(long spoolMaxBytes) {
    this.spoolMaxBytes = spoolMaxBytes;
  }

  public boolean isSpoolSync() {
    return spoolSync;
  }

  public void setSpoolSync(boolean spoolSync) {
    this.spoolSync = spoolSync;
  }

  public int getMaxInFlightRequests() {
    return maxInFlightRequests;
  }

  public void setMaxInFlightRequests(int maxInFlightRequests) {
    this.maxInFlightRequests = maxInFlightRequests;
  }

  public Duration getRetryBackoff() {
    return retryBackoff;
  }

  public void setRetryBackoff(Duration retryBackoff) {
    this.retryBackoff = retryBackoff;
  }

  public Duration getMaxRetryBackoff() {
    return maxRetryBackoff;
  }

  public void setMaxRetryBackoff(Duration maxRetryBackoff) {
    this.maxRetryBackoff = maxRetryBackoff;
  }

  public Duration getRequestTimeout() {
    return requestTimeout;
  }

  public void setRequestTimeout(Duration requestTimeout) {
    this.requestTimeout = requestTimeout;
  }

  public String getSigningSecret() {
    return signingSecret;
  }

  public void setSigningSecret(String signingSecret) {
    this.signingSecret = signingSecret;
  }

  public int getMaxBodyBytes() {
    return maxBodyBytes;
  }

  public void setMaxBodyBytes(int maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  public Duration getCloseTimeout() {
    return closeTimeout;
  }

  public void setCloseTimeout(Duration closeTimeout) {
    this.closeTimeout = closeTimeout;
  }

  /** One remote region ({@code ...remote-regions.<region>.*}). */
  public static class RemoteRegion {
    /**
     * Created by Spring Boot's binder, which then sets one remote region's options from the environment; created
     * directly (tests, programmatic set-up) it holds every option's documented default.
     */
    public RemoteRegion() {
    }

    /** The URL of that region's replication queue (required). */
    private String queueUrl;

    /** An SQS endpoint override (a local server, a proxy, a VPC endpoint); none for AWS's regional endpoint. */
    private URI endpoint;

    /** The AWS region to sign requests for; default the region's name. */
    private String awsRegion;

    public String getQueueUrl() {
      return queueUrl;
    }

    public void setQueueUrl(String queueUrl) {
      this.queueUrl = queueUrl;
    }

    public URI getEndpoint() {
      return endpoint;
    }

    public void setEndpoint(URI endpoint) {
      this.endpoint = endpoint;
    }

    public String getAwsRegion() {
      return awsRegion;
    }

    public void setAwsRegion(String awsRegion) {
      this.awsRegion = awsRegion;
    }
  }
}
