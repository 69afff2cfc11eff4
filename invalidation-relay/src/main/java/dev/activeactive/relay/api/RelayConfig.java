package dev.activeactive.relay.api;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The immutable configuration of one relay; build it with {@link InvalidationRelay#builder()} or load it from
 * a file with the relay's command line ({@code reference.conf} documents every key).
 *
 * <p>Infrastructure only: how each dataset's removals are applied (tombstone lifetime, plain deletes) travels in
 * every operation, as the publishing client is configured (docs/wire-format.md), so a relay needs no copy of the
 * clients' dataset settings.
 *
 * @param region the region this relay serves, for example {@code us-west-2}
 * @param queue the region's replication queue: a queue URL, or a queue name to look up
 * @param sqsEndpoint an SQS endpoint override (local servers, VPC endpoints); empty for AWS's own
 * @param awsRegion the AWS region to sign requests for
 * @param zones the region's zones; every operation is applied to every zone before its message is deleted
 * @param pollers concurrent long-poll loops on the queue
 * @param receiveWait how long one receive waits for messages (long polling, at most 20 s)
 * @param visibilityTimeout how long a received message stays hidden; a message that could not be applied
 *     comes back after it
 * @param signingSecrets HMAC-SHA256 secrets accepted for signed messages (the clients' {@code signingSecret}s);
 *     when not empty, unsigned messages are rejected
 * @param memcachedTimeout how long one memcached operation may take; a zone that does not answer its health
 *     probe within it counts as unreachable
 * @param shutdownGrace how long a graceful shutdown waits for messages in flight
 * @param maxClockSkew how far ahead of this host's clock an operation's version may be; beyond it the
 *     operation is not applied (counted as {@code FUTURE_VERSION}); at least the clients' {@code maxClockSkew}
 * @param rejectedMessages what becomes of messages rejected as bad input
 * @param backlogInterval how often the queue's and its dead-letter queue's attributes (messages visible, in
 *     flight, delayed) are read for the backlog meters; 1 s..1 h (one {@code GetQueueAttributes} call per queue
 *     each time)
 */
public record RelayConfig(
    String region,
    String queue,
    Optional<URI> sqsEndpoint,
    String awsRegion,
    List<ZoneConfig> zones,
    int pollers,
    Duration receiveWait,
    Duration visibilityTimeout,
    List<byte[]> signingSecrets,
    Duration memcachedTimeout,
    Duration shutdownGrace,
    Duration maxClockSkew,
    RejectedMessages rejectedMessages,
    Duration backlogInterval) {

  /**
   * Checks every setting at once; {@link InvalidationRelay#builder()} is the usual way in, with the defaults. The
   * signing secrets are copied, so clearing the caller's arrays later does not change the relay's.
   *
   * @throws IllegalArgumentException naming the first setting that is missing or out of range (no zone, duplicate
   *     zone names, pollers outside 1..64, a receive wait over SQS's 20 s, a visibility timeout outside 1 s..12 h, ...)
   */
  public RelayConfig {
    requireText(region, "region");
    requireText(queue, "queue");
    Objects.requireNonNull(sqsEndpoint, "sqsEndpoint");
    requireText(awsRegion, "awsRegion");
    zones = List.copyOf(zones);
    if (zones.isEmpty()) {
      throw new IllegalArgumentException("A relay needs at least one zone with memcached servers");
    }
    if (zones.stream().map(ZoneConfig::name).distinct().count() != zones.size()) {
      throw new IllegalArgumentException("Zone names must be distinct: " + zones.stream().map(ZoneConfig::name).toList());
    }
    if (pollers < 1 || pollers > 64) {
      throw new IllegalArgumentException("pollers must be 1..64, got " + pollers);
    }
    if (receiveWait.isNegative() || receiveWait.toSeconds() > 20) {
      throw new IllegalArgumentException("receiveWait must be 0..20 s (SQS's long-poll limit), got " + receiveWait);
    }
    if (visibilityTimeout.toSeconds() < 1 || visibilityTimeout.toSeconds() > 43_200) {
      throw new IllegalArgumentException("visibilityTimeout must be 1 s..12 h, got " + visibilityTimeout);
    }
    signingSecrets = signingSecrets.stream().map(byte[]::clone).toList();
    if (memcachedTimeout.isZero() || memcachedTimeout.isNegative()) {
      throw new IllegalArgumentException("memcachedTimeout must be positive, got " + memcachedTimeout);
    }
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    if (maxClockSkew.toSeconds() < 1) {
      throw new IllegalArgumentException("maxClockSkew must be at least 1 s, got " + maxClockSkew);
    }
    Objects.requireNonNull(rejectedMessages, "rejectedMessages");
    if (backlogInterval.toSeconds() < 1 || backlogInterval.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("backlogInterval must be 1 s..1 h, got " + backlogInterval);
    }
  }

  /** Whether messages must carry a valid signature. */
  public boolean requiresSignature() {
    return !signingSecrets.isEmpty();
  }

  @Override
  public String toString() {
    // the effective configuration, logged at start; secrets masked (their number only)
    return "RelayConfig[region=" + region + ", queue=" + queue + ", sqsEndpoint="
        + sqsEndpoint.map(URI::toString).orElse("aws") + ", awsRegion=" + awsRegion + ", zones=" + zones
        + ", pollers=" + pollers + ", receiveWait=" + receiveWait + ", visibilityTimeout=" + visibilityTimeout
        + ", signingSecrets=" + (signingSecrets.isEmpty() ? "none (unsigned messages accepted)"
            : signingSecrets.size() + " x ****") + ", memcachedTimeout=" + memcachedTimeout + ", shutdownGrace="
        + shutdownGrace + ", maxClockSkew=" + maxClockSkew + ", rejectedMessages=" + rejectedMessages + ", backlogInterval=" + backlogInterval
        + ", datasetRules=from each message]";
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is required");
    }
  }
}
