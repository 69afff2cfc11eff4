package dev.activeactive.spring.api;

import dev.activeactive.relay.api.RejectedMessages;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded invalidation relay for this service's own region ({@code active-active.relay.*}): drains the
 * region's replication queue into its zones. Off by default; in production the relay usually runs as its own
 * service (invalidation-relay-service). The defaults are the relay builder's.
 */
public class RelayProperties {
  /**
   * Created by Spring Boot's binder, which then sets active-active.relay.* from the environment; created directly
   * (tests, programmatic set-up) it holds every option's documented default.
   */
  public RelayProperties() {
  }

  /** Run a relay inside this application. */
  private boolean enabled;

  /** The region's replication queue, as a URL or a name (required when enabled). */
  private String queue;

  /** An SQS endpoint override; none for AWS's endpoint of the region. */
  private URI sqsEndpoint;

  /** The AWS region to sign for; default active-active.region. */
  private String awsRegion;

  /** The zones to apply to, as active-active.cache.zones; default the cache client's zones. */
  private Map<String, List<String>> zones = new LinkedHashMap<>();

  /** Concurrent long-poll loops (1-64). */
  private int pollers = 2;

  /** Long-poll wait per receive (0-20 s); shorter lets shutdown finish sooner. */
  private Duration receiveWait = Duration.ofSeconds(20);

  /** How long a received message stays hidden; a message that could not be applied comes back after it. */
  private Duration visibilityTimeout = Duration.ofSeconds(30);

  /** Secrets (Base64) whose signatures are accepted; when any is set, unsigned messages are rejected. */
  private List<String> signingSecrets = new ArrayList<>();

  /** Timeout of one memcached operation and of the zones' health probe. */
  private Duration memcachedTimeout = Duration.ofSeconds(1);

  /** How long shutdown waits for messages in flight. */
  private Duration shutdownGrace = Duration.ofSeconds(30);

  /** How far ahead of this host's clock an operation's version may be; at least the clients' max-clock-skew. */
  private Duration maxClockSkew = Duration.ofSeconds(60);

  /** What becomes of messages rejected as bad input (DEAD_LETTER_QUEUE, BACK_OFF). */
  private RejectedMessages rejectedMessages = RejectedMessages.DEAD_LETTER_QUEUE;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getQueue() {
    return queue;
  }

  public void setQueue(String queue) {
    this.queue = queue;
  }

  public URI getSqsEndpoint() {
    return sqsEndpoint;
  }

  public void setSqsEndpoint(URI sqsEndpoint) {
    this.sqsEndpoint = sqsEndpoint;
  }

  public String getAwsRegion() {
    return awsRegion;
  }

  public void setAwsRegion(String awsRegion) {
    this.awsRegion = awsRegion;
  }

  public Map<String, List<String>> getZones() {
    return zones;
  }

  public void setZones(Map<String, List<String>> zones) {
    this.zones = zones;
  }

  public int getPollers() {
    return pollers;
  }

  public void setPollers(int pollers) {
    this.pollers = pollers;
  }

  public Duration getReceiveWait() {
    return receiveWait;
  }

  public void setReceiveWait(Duration receiveWait) {
    this.receiveWait = receiveWait;
  }

  public Duration getVisibilityTimeout() {
    return visibilityTimeout;
  }

  public void setVisibilityTimeout(Duration visibilityTimeout) {
    this.visibilityTimeout = visibilityTimeout;
  }

  public List<String> getSigningSecrets() {
    return signingSecrets;
  }

  public void setSigningSecrets(List<String> signingSecrets) {
    this.signingSecrets = signingSecrets;
  }

  public Duration getMemcachedTimeout() {
    return memcachedTimeout;
  }

  public void setMemcachedTimeout(Duration memcachedTimeout) {
    this.memcachedTimeout = memcachedTimeout;
  }

  public Duration getShutdownGrace() {
    return shutdownGrace;
  }

  public void setShutdownGrace(Duration shutdownGrace) {
    this.shutdownGrace = shutdownGrace;
  }

  public Duration getMaxClockSkew() {
    return maxClockSkew;
  }

  public void setMaxClockSkew(Duration maxClockSkew) {
    this.maxClockSkew = maxClockSkew;
  }

  public RejectedMessages getRejectedMessages() {
    return rejectedMessages;
  }

  public void setRejectedMessages(RejectedMessages rejectedMessages) {
    this.rejectedMessages = rejectedMessages;
  }
}
