package dev.activeactive.sandbox.internal.cli;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A program with no sandbox code: an SQS client from the SDK's default providers only (region, credentials and
 * endpoint from the environment), sending its argument to the queue named by {@code ACTIVEACTIVE_QUEUE_URL}.
 */
public final class EnvSqsSender {
  public static void main(String[] args) {
    try (SqsClient sqs = SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
      sqs.sendMessage(b -> b.queueUrl(System.getenv("ACTIVEACTIVE_QUEUE_URL")).messageBody(args[0]));
    }
  }
}
