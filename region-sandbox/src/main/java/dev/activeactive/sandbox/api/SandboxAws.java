package dev.activeactive.sandbox.api;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * AWS SDK v2 settings for talking to the sandbox's SQS servers: they accept any credentials, so these are
 * fixed placeholders, and the endpoint is always an override.
 */
public final class SandboxAws {
  private static final AwsCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("sandbox", "sandbox"));

  private SandboxAws() {}

  /** Placeholder credentials the sandbox's SQS servers accept. */
  public static AwsCredentialsProvider credentials() {
    return CREDENTIALS;
  }

  /**
   * A synchronous SQS client for {@code endpoint}, signed for {@code region}. Calls time out after 10 s so
   * that a partitioned path fails instead of hanging. Close it when done.
   */
  public static SqsClient syncClient(URI endpoint, String region) {
    return syncClient(endpoint, region, Duration.ofSeconds(10));
  }

  /**
   * As {@link #syncClient(URI, String)}, with calls (retries included) timing out after {@code callTimeout}
   * instead: for setup on a loaded machine, where a freshly started server's first answers can take seconds.
   */
  public static SqsClient syncClient(URI endpoint, String region, Duration callTimeout) {
    return SqsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.of(region))
        .credentialsProvider(CREDENTIALS)
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(2))
            .socketTimeout(callTimeout))
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            .apiCallTimeout(callTimeout)
            .build())
        .build();
  }

  /** A synchronous client for a region's own queue. */
  public static SqsClient syncClient(RegionEndpoints region) {
    return syncClient(region.queues().endpoint(), region.queues().awsRegion());
  }
}
