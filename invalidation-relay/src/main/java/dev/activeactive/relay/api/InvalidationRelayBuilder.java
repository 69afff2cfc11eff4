package dev.activeactive.relay.api;

import dev.activeactive.relay.internal.DefaultInvalidationRelay;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/** Builds an {@link InvalidationRelay}; see {@link RelayConfig} for what each option means. */
public final class InvalidationRelayBuilder {
  private String region;
  private String queue;
  private URI sqsEndpoint;
  private String awsRegion;
  private final List<ZoneConfig> zones = new ArrayList<>();
  private int pollers = 2;
  private Duration receiveWait = Duration.ofSeconds(20);
  private Duration visibilityTimeout = Duration.ofSeconds(30);
  private final List<byte[]> signingSecrets = new ArrayList<>();
  private Duration memcachedTimeout = Duration.ofSeconds(1);
  private Duration shutdownGrace = Duration.ofSeconds(30);
  private Duration maxClockSkew = Duration.ofSeconds(60);
  private RejectedMessages rejectedMessages = RejectedMessages.DEAD_LETTER_QUEUE;
  private Duration backlogInterval = Duration.ofSeconds(10);
  private AwsCredentialsProvider credentials;
  private MeterRegistry meterRegistry;

  InvalidationRelayBuilder() {}

  /** Starts from a complete configuration, for example one loaded from a file. */
  public InvalidationRelayBuilder config(RelayConfig config) {
    region = config.region();
    queue = config.queue();
    sqsEndpoint = config.sqsEndpoint().orElse(null);
    awsRegion = config.awsRegion();
    zones.clear();
    zones.addAll(config.zones());
    pollers = config.pollers();
    receiveWait = config.receiveWait();
    visibilityTimeout = config.visibilityTimeout();
    signingSecrets.clear();
    signingSecrets.addAll(config.signingSecrets());
    memcachedTimeout = config.memcachedTimeout();
    shutdownGrace = config.shutdownGrace();
    maxClockSkew = config.maxClockSkew();
    rejectedMessages = config.rejectedMessages();
    backlogInterval = config.backlogInterval();
    return this;
  }

  /** The region this relay serves (required). */
  public InvalidationRelayBuilder region(String region) {
    this.region = region;
    return this;
  }

  /** The region's replication queue, as a URL or a name (required). */
  public InvalidationRelayBuilder queue(String urlOrName) {
    this.queue = urlOrName;
    return this;
  }

  /** An SQS endpoint override; default AWS's endpoint for the region. */
  public InvalidationRelayBuilder sqsEndpoint(URI endpoint) {
    this.sqsEndpoint = endpoint;
    return this;
  }

  /** The AWS region to sign for; default the relay's region. */
  public InvalidationRelayBuilder awsRegion(String awsRegion) {
    this.awsRegion = awsRegion;
    return this;
  }

  /** Adds a zone with its memcached servers ({@code host:port}); at least one is required. */
  public InvalidationRelayBuilder zone(String name, String... servers) {
    zones.add(new ZoneConfig(name, List.of(servers)));
    return this;
  }

  /** Concurrent long-poll loops; default 2. */
  public InvalidationRelayBuilder pollers(int pollers) {
    this.pollers = pollers;
    return this;
  }

  /** Long-poll wait per receive; default 20 s, the most SQS allows. */
  public InvalidationRelayBuilder receiveWait(Duration wait) {
    this.receiveWait = wait;
    return this;
  }

  /** How long a received message stays hidden; default 30 s. */
  public InvalidationRelayBuilder visibilityTimeout(Duration timeout) {
    this.visibilityTimeout = timeout;
    return this;
  }

  /**
   * Accepts messages signed with this HMAC-SHA256 secret (at least 16 bytes) and rejects unsigned ones. Call
   * again to accept several secrets while rotating. The same secret as the clients' {@code signingSecret}.
   */
  public InvalidationRelayBuilder signingSecret(byte[] secret) {
    signingSecrets.add(secret.clone());
    return this;
  }

  /** How far ahead of this host's clock a version may be; default 60 s, as the clients' default. */
  public InvalidationRelayBuilder maxClockSkew(Duration skew) {
    this.maxClockSkew = skew;
    return this;
  }

  /** What becomes of messages rejected as bad input; default {@link RejectedMessages#DEAD_LETTER_QUEUE}. */
  public InvalidationRelayBuilder rejectedMessages(RejectedMessages mode) {
    this.rejectedMessages = mode;
    return this;
  }

  /**
   * How often the queue's backlog (messages visible, in flight, delayed, and in the dead-letter queue) is read
   * from its attributes; default 10 s.
   */
  public InvalidationRelayBuilder backlogInterval(Duration interval) {
    this.backlogInterval = interval;
    return this;
  }

  /** Timeout of one memcached operation; default 1 s. */
  public InvalidationRelayBuilder memcachedTimeout(Duration timeout) {
    this.memcachedTimeout = timeout;
    return this;
  }

  /** How long shutdown waits for messages in flight; default 30 s. */
  public InvalidationRelayBuilder shutdownGrace(Duration grace) {
    this.shutdownGrace = grace;
    return this;
  }

  /** AWS credentials; default the SDK's default provider chain. */
  public InvalidationRelayBuilder credentials(AwsCredentialsProvider provider) {
    this.credentials = provider;
    return this;
  }

  /** Where meters go; default a private {@link SimpleMeterRegistry}. */
  public InvalidationRelayBuilder meterRegistry(MeterRegistry registry) {
    this.meterRegistry = registry;
    return this;
  }

  /** The configuration as set so far; fails with a clear message when something required is missing. */
  public RelayConfig toConfig() {
    return new RelayConfig(region, queue, Optional.ofNullable(sqsEndpoint), awsRegion == null ? region : awsRegion,
        zones, pollers, receiveWait, visibilityTimeout, signingSecrets, memcachedTimeout, shutdownGrace,
        maxClockSkew, rejectedMessages, backlogInterval);
  }

  /** A relay, not yet polling: call {@link InvalidationRelay#start()}. */
  public InvalidationRelay build() {
    RelayConfig config = toConfig();
    return new DefaultInvalidationRelay(config,
        Objects.requireNonNullElseGet(credentials, DefaultCredentialsProvider::create),
        Objects.requireNonNullElseGet(meterRegistry, SimpleMeterRegistry::new));
  }
}
