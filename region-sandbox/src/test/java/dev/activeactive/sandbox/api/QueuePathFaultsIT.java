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
      assertThat(s.state()).isEqualTo("partitioned");
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
  void latencyOnThePathDelaysEveryCallByAtLeastThatMuch(RegionSandbox sandbox) {
    sendFromEastToWest(sandbox, "warm-up");
    sandbox.faults().setQueuePathLatency("us-east-1", "us-west-2", Duration.ofMillis(300));
    long start = System.nanoTime();
    sendFromEastToWest(sandbox, "slow");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }
}
