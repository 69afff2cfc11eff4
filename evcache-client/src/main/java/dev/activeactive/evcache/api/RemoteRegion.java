package dev.activeactive.evcache.api;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * A region this client publishes to: the region's replication queue (drained there by the invalidation relay)
 * and how to reach it. Immutable.
 *
 * @param name the region's name as used in versions and messages, for example {@code us-west-2}
 * @param queueUrl the URL of that region's replication queue
 * @param endpoint an SQS endpoint override (for ElasticMQ, a proxy, or a VPC endpoint); empty for AWS's regional
 *     endpoint
 * @param awsRegion the AWS region to sign requests for; by default {@code name}
 */
public record RemoteRegion(String name, String queueUrl, Optional<URI> endpoint, String awsRegion) {

  /** Validates. */
  public RemoteRegion {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(queueUrl, "queueUrl");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(awsRegion, "awsRegion");
    dev.activeactive.protocol.api.version.Version.requireValidRegion(name);
  }

  /** A region reached on AWS's regional SQS endpoint. */
  public static RemoteRegion of(String name, String queueUrl) {
    return new RemoteRegion(name, queueUrl, Optional.empty(), name);
  }

  /** A region reached through an endpoint override, signing for {@code name}. */
  public static RemoteRegion of(String name, String queueUrl, URI endpoint) {
    return new RemoteRegion(name, queueUrl, Optional.of(endpoint), name);
  }

  /** The same region signing for another AWS region name (when region names are not AWS region names). */
  public RemoteRegion withAwsRegion(String awsRegion) {
    return new RemoteRegion(name, queueUrl, endpoint, awsRegion);
  }
}
