package dev.activeactive.spring.api;

/**
 * Static AWS credentials for the publisher's and the relay's SQS clients. Leave both unset in production: an
 * {@code AwsCredentialsProvider} bean of the application is used if there is one, else the SDK's default
 * provider chain (environment, profile, instance role).
 */
public class AwsProperties {
  /**
   * Created by Spring Boot's binder, which then sets active-active.aws.* from the environment; created directly
   * (tests, programmatic set-up) it holds every option's documented default.
   */
  public AwsProperties() {
  }

  /** Access key id of static credentials (with secret-access-key); for local servers and tests. */
  private String accessKeyId;

  /** Secret access key of static credentials (with access-key-id). */
  private String secretAccessKey;

  public String getAccessKeyId() {
    return accessKeyId;
  }

  public void setAccessKeyId(String accessKeyId) {
    this.accessKeyId = accessKeyId;
  }

  public String getSecretAccessKey() {
    return secretAccessKey;
  }

  public void setSecretAccessKey(String secretAccessKey) {
    this.secretAccessKey = secretAccessKey;
  }
}
