package dev.activeactive.spring.internal;

import dev.activeactive.relay.api.InvalidationRelay;
import dev.activeactive.relay.api.InvalidationRelayBuilder;
import dev.activeactive.spring.api.CacheProperties;
import dev.activeactive.spring.api.RelayProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** Turns {@code active-active.relay.*} into an {@link InvalidationRelayBuilder}; the builder validates. */
public final class Relays {

  private Relays() {}

  /** A builder for the region's relay; {@code registry} and {@code credentials} may be null. */
  public static InvalidationRelayBuilder builder(String region, RelayProperties relay, CacheProperties cache,
      MeterRegistry registry, AwsCredentialsProvider credentials) {
    if (relay.getQueue() == null || relay.getQueue().isBlank()) {
      throw new IllegalStateException("active-active.relay.queue is required with active-active.relay.enabled:"
          + " the URL or name of " + region + "'s replication queue");
    }
    Map<String, List<String>> zones = relay.getZones().isEmpty() ? cache.getZones() : relay.getZones();
    if (zones.isEmpty()) {
      throw new IllegalStateException("the embedded relay needs zones: set active-active.cache.zones (or"
          + " active-active.relay.zones)");
    }
    InvalidationRelayBuilder b = InvalidationRelay.builder()
        .region(region)
        .queue(relay.getQueue())
        .sqsEndpoint(relay.getSqsEndpoint())
        .awsRegion(relay.getAwsRegion())
        .pollers(relay.getPollers())
        .receiveWait(relay.getReceiveWait())
        .visibilityTimeout(relay.getVisibilityTimeout())
        .memcachedTimeout(relay.getMemcachedTimeout())
        .shutdownGrace(relay.getShutdownGrace())
        .maxClockSkew(relay.getMaxClockSkew())
        .rejectedMessages(relay.getRejectedMessages());
    zones.forEach((name, servers) -> b.zone(name, servers.toArray(String[]::new)));
    for (int i = 0; i < relay.getSigningSecrets().size(); i++) {
      b.signingSecret(Secrets.decode("active-active.relay.signing-secrets[" + i + "]",
          relay.getSigningSecrets().get(i)));
    }
    if (registry != null) {
      b.meterRegistry(registry);
    }
    if (credentials != null) {
      b.credentials(credentials);
    }
    return b;
  }
}
