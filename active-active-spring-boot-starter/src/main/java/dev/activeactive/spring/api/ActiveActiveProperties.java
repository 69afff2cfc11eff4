package dev.activeactive.spring.api;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Everything the starter configures, under the prefix {@code active-active}: the region, AWS credentials for SQS,
 * the cache client, the embedded relay, the Cassandra session and dual writer, and health checks. Every property
 * is listed with its default in docs/spring-boot-starter.md.
 */
@ConfigurationProperties("active-active")
public class ActiveActiveProperties {
  /**
   * Created by Spring Boot's binder, which then sets active-active.* from the environment; created directly (tests,
   * programmatic set-up) it holds every option's documented default.
   */
  public ActiveActiveProperties() {
  }

  /**
   * The region this service runs in, for example us-east-1: the cache client's region, the embedded relay's
   * region, and the default Cassandra local datacenter. Required for the cache client and the relay.
   */
  private String region;

  /** Static AWS credentials for SQS; without them, an AwsCredentialsProvider bean or the SDK's default chain. */
  @NestedConfigurationProperty
  private final AwsProperties aws = new AwsProperties();

  /** The cache client: zones, datasets and publisher. */
  @NestedConfigurationProperty
  private final CacheProperties cache = new CacheProperties();

  /** The embedded invalidation relay for this service's own region. */
  @NestedConfigurationProperty
  private final RelayProperties relay = new RelayProperties();

  /** The Cassandra safe session and the dual writer. */
  @NestedConfigurationProperty
  private final CassandraProperties cassandra = new CassandraProperties();

  /** Health indicators and the readiness group. */
  @NestedConfigurationProperty
  private final HealthProperties health = new HealthProperties();

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public AwsProperties getAws() {
    return aws;
  }

  public CacheProperties getCache() {
    return cache;
  }

  public RelayProperties getRelay() {
    return relay;
  }

  public CassandraProperties getCassandra() {
    return cassandra;
  }

  public HealthProperties getHealth() {
    return health;
  }

  /** The region, or a clear failure naming the property. */
  public String requireRegion(String forWhat) {
    if (region == null || region.isBlank()) {
      throw new IllegalStateException("active-active.region is required for " + forWhat
          + ": set it to this service's region, for example active-active.region=us-east-1");
    }
    return region;
  }
}
