package dev.activeactive.spring.internal;

import dev.activeactive.spring.api.AwsProperties;
import org.springframework.beans.factory.ObjectProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Which AWS credentials the SQS clients use: static ones from properties, the application's bean, or none. */
public final class AwsCredentials {

  private AwsCredentials() {}

  /**
   * Static credentials when both properties are set, else the application's {@link AwsCredentialsProvider}
   * bean, else {@code null} (the SDK's default provider chain).
   */
  public static AwsCredentialsProvider resolve(AwsProperties aws, ObjectProvider<AwsCredentialsProvider> beans) {
    boolean id = aws.getAccessKeyId() != null && !aws.getAccessKeyId().isBlank();
    boolean secret = aws.getSecretAccessKey() != null && !aws.getSecretAccessKey().isBlank();
    if (id != secret) {
      throw new IllegalStateException("active-active.aws.access-key-id and active-active.aws.secret-access-key"
          + " go together: set both, or neither to use an AwsCredentialsProvider bean or the SDK's default chain");
    }
    if (id) {
      return StaticCredentialsProvider.create(AwsBasicCredentials.create(aws.getAccessKeyId(),
          aws.getSecretAccessKey()));
    }
    return beans.getIfAvailable();
  }
}
