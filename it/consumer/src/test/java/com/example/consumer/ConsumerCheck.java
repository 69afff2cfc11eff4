package com.example.consumer;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Runs {@link ConsumerMain} against a real SQS: an in-process ElasticMQ on a free port, with the queue the embedded
 * relay polls. The server is the check's infrastructure, on the test classpath only.
 */
public final class ConsumerCheck {
  public static void main(String[] args) throws Exception {
    // before anything logs: slf4j-simple reads its configuration once
    Path logFile = Files.createTempFile("consumer", ".log");
    System.setProperty("org.slf4j.simpleLogger.logFile", logFile.toString());
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(port)
        .withServerAddress(new NodeAddress("http", "127.0.0.1", port, "")).start();
    int exit = 1;
    try {
      server.waitUntilStarted();
      URI endpoint = URI.create("http://127.0.0.1:" + port);
      StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"));
      String queueUrl;
      try (SqsAsyncClient sqs = SqsAsyncClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
          .credentialsProvider(credentials).httpClientBuilder(NettyNioAsyncHttpClient.builder()).build()) {
        // as the relay requires: rejected messages go to a dead-letter queue rather than loop
        String dlqUrl = sqs.createQueue(b -> b.queueName("consumer-check-dlq")).join().queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
            .join().attributes().get(QueueAttributeName.QUEUE_ARN);
        queueUrl = sqs.createQueue(b -> b.queueName("consumer-check").attributes(Map.of(
            QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"3\"}")))
            .join().queueUrl();
      }
      exit = ConsumerMain.check(logFile, endpoint, queueUrl, credentials);
    } finally {
      server.stopAndWait();
    }
    System.exit(exit);
  }
}
