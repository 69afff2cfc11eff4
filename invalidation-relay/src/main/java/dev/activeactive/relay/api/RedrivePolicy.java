package dev.activeactive.relay.api;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A queue's redrive policy, as SQS returns it in the {@code RedrivePolicy} attribute (a JSON object naming the
 * dead-letter queue's ARN and the receive count after which messages move there). The relay and its command line
 * use it to find the dead-letter queue of the replication queue.
 *
 * @param deadLetterQueueArn the dead-letter queue's ARN, {@code arn:aws:sqs:REGION:ACCOUNT:NAME}
 * @param maxReceiveCount receives after which a message moves to the dead-letter queue
 */
public record RedrivePolicy(String deadLetterQueueArn, int maxReceiveCount) {
  private static final Pattern ARN = Pattern.compile("\"deadLetterTargetArn\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern COUNT = Pattern.compile("\"maxReceiveCount\"\\s*:\\s*\"?(\\d+)\"?");

  /** The policy in an attribute value; empty when there is none or it names no dead-letter queue. */
  public static Optional<RedrivePolicy> parse(String attribute) {
    if (attribute == null || attribute.isBlank()) {
      return Optional.empty();
    }
    Matcher arn = ARN.matcher(attribute);
    if (!arn.find()) {
      return Optional.empty();
    }
    Matcher count = COUNT.matcher(attribute);
    return Optional.of(new RedrivePolicy(arn.group(1), count.find() ? Integer.parseInt(count.group(1)) : 0));
  }

  /** The dead-letter queue's name, the ARN's last part. */
  public String deadLetterQueueName() {
    return deadLetterQueueArn.substring(deadLetterQueueArn.lastIndexOf(':') + 1);
  }

  /** The account that owns the dead-letter queue, when the ARN names one. */
  public Optional<String> deadLetterQueueAccount() {
    String[] parts = deadLetterQueueArn.split(":");
    return parts.length == 6 && !parts[4].isBlank() ? Optional.of(parts[4]) : Optional.empty();
  }
}
