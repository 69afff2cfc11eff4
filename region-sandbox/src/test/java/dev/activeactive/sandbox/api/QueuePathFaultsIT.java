package dev.activeactive.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsClient;

@RegionSandboxTest(components = SandboxComponent.SQS)
class QueuePathFaultsIT {

  private static void sendFromEastToWest(RegionSandbox sandbox, String body) {
    RegionEndpoints west = sandbox.region("us-west-2");
    try (SqsClient fromEast = SandboxAws.syncClient(west.queueEndpointFrom("us-east-1"), west.queues().awsRegion())) {
      fromEast.sendMessage(b -> b.queueUrl(west.queues().queueUrl()).messageBody(body));
    }
  }

  @Test
  void partitionBlocksTheInterRegionPathAndHealRestoresIt(RegionSandbox sandbox) {
    RegionEndpoints west = sandbox.region("us-west-2");
    assertThat(west.queueEndpointFrom("us-east-1")).isNotEqualTo(west.queues().endpoint());
    sendFromEastToWest(sandbox, "before");

    sandbox.faults().partition("us-east-1", "us-west-2");
    assertThatThrownBy(() -> sendFromEastToWest(sandbox, "during")).isInstanceOf(SdkClientException.class);
    // the region's own path keeps working during the split
    try (SqsClient local = SandboxAws.syncClient(west)) {
      local.sendMessage(b -> b.queueUrl(west.queues().queueUrl()).messageBody("local during"));
    }
    assertThat(sandbox.status()).anySatisfy(s -> {
      assertThat(s.name()).isEqualTo("queue path us-east-1->us-west-2");
      assertThat(s.state()).isEqualTo("partitioned (reset)");
    });

    sandbox.faults().heal("us-east-1", "us-west-2");
    sendFromEastToWest(sandbox, "after");
    try (SqsClient local = SandboxAws.syncClient(west)) {
      var bodies = new java.util.ArrayList<String>();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (bodies.size() < 3 && System.nanoTime() < deadline) {
        local.receiveMessage(b -> b.queueUrl(west.queues().queueUrl()).maxNumberOfMessages(10).waitTimeSeconds(1))
            .messages().forEach(m -> {
              bodies.add(m.body());
              local.deleteMessage(d -> d.queueUrl(west.queues().queueUrl()).receiptHandle(m.receiptHandle()));
            });
      }
      assertThat(bodies).containsExactlyInAnyOrder("before", "local during", "after");
    }
  }

  @Test
  void latencyOnThePathDelaysEveryCallByTwiceThatMuch(RegionSandbox sandbox) {
    RegionEndpoints west = sandbox.region("us-west-2");
    try (SqsClient fromEast = SandboxAws.syncClient(west.queueEndpointFrom("us-east-1"), west.queues().awsRegion())) {
      fromEast.sendMessage(b -> b.queueUrl(west.queues().queueUrl()).messageBody("warm-up"));
      sandbox.faults().setQueuePathLatency("us-east-1", "us-west-2", Duration.ofMillis(300));
      long start = System.nanoTime();
      fromEast.sendMessage(b -> b.queueUrl(west.queues().queueUrl()).messageBody("slow"));
      // the request crosses one delay, its response another
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
    }
  }

  @Test
  void theInterRegionPathCarriesTheWanProfileAndTheLocalPathDoesNot(RegionSandbox sandbox) {
    WanProfile wan = sandbox.faults().wan();
    assertThat(wan).isEqualTo(WanProfile.DEFAULT);
    RegionEndpoints west = sandbox.region("us-west-2");
    try (SqsClient fromEast = SandboxAws.syncClient(west.queueEndpointFrom("us-east-1"), west.queues().awsRegion());
        SqsClient local = SandboxAws.syncClient(west)) {
      long remote = fastestSendMillis(fromEast, west, 5);
      long own = fastestSendMillis(local, west, 5);
      assertThat(remote).isGreaterThanOrEqualTo(wan.roundTrip().toMillis());
      assertThat(own).isLessThan(wan.roundTrip().toMillis());
    }
  }

  private static long fastestSendMillis(SqsClient client, RegionEndpoints region, int runs) {
    client.sendMessage(b -> b.queueUrl(region.queues().queueUrl()).messageBody("warm-up"));
    long best = Long.MAX_VALUE;
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      client.sendMessage(b -> b.queueUrl(region.queues().queueUrl()).messageBody("timed"));
      best = Math.min(best, (System.nanoTime() - start) / 1_000_000);
    }
    return best;
  }

  /**
   * A blackholed path fails no request quickly: a call waits out the client's own attempt timeout. After heal
   * the path works again.
   */
  @Test
  void aBlackholedPathIsOnlyNoticedThroughTheClientsOwnTimeout(RegionSandbox sandbox) {
    RegionEndpoints west = sandbox.region("us-west-2");
    Duration attemptTimeout = Duration.ofSeconds(2);
    try (SqsClient fromEast = SqsClient.builder()
        .endpointOverride(west.queueEndpointFrom("us-east-1"))
        .region(software.amazon.awssdk.regions.Region.of(west.queues().awsRegion()))
        .credentialsProvider(SandboxAws.credentials())
        .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
        .overrideConfiguration(c -> c.apiCallAttemptTimeout(attemptTimeout)
            .retryStrategy(software.amazon.awssdk.retries.DefaultRetryStrategy.doNotRetry()))
        .build()) {
      fromEast.sendMessage(b -> b.queueUrl(west.queues().queueUrl()).messageBody("before"));
      sandbox.faults().partition("us-east-1", "us-west-2", PartitionMode.BLACKHOLE);
      long start = System.nanoTime();
      assertThatThrownBy(() -> fromEast.sendMessage(b -> b.queueUrl(west.queues().queueUrl()).messageBody("during")))
          .isInstanceOf(SdkClientException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(attemptTimeout);
      assertThat(sandbox.status()).anySatisfy(s -> {
        assertThat(s.name()).isEqualTo("queue path us-east-1->us-west-2");
        assertThat(s.state()).isEqualTo("partitioned (blackhole)");
      });
      sandbox.faults().heal("us-east-1", "us-west-2");
      fromEast.sendMessage(b -> b.queueUrl(west.queues().queueUrl()).messageBody("after"));
    }
  }
}
