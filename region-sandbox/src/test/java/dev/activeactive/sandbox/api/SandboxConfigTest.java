package dev.activeactive.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SandboxConfigTest {

  @Test
  void defaultsAreTwoRegionsWithTwoZonesEachOnTheirOwnAddress() {
    SandboxConfig config = RegionSandbox.builder().config();
    assertThat(config.regions()).containsExactly("us-east-1", "us-west-2");
    assertThat(config.zonesOf("us-east-1")).containsExactly("us-east-1a", "us-east-1b");
    assertThat(config.addressOf(0)).isEqualTo("127.0.0.1");
    assertThat(config.addressOf(1)).isEqualTo("127.0.0.2");
    assertThat(config.maxReceiveCount()).isEqualTo(5);
    assertThat(config.deadLetterQueueName()).isEqualTo("cache-replication-dlq");
  }

  @Test
  void rejectsWhatSqsOrTheTopologyCannotTake() {
    assertThatThrownBy(() -> RegionSandbox.builder().regions("a", "a").config())
        .hasMessageContaining("distinct");
    assertThatThrownBy(() -> RegionSandbox.builder().regions("US East").config())
        .hasMessageContaining("not valid");
    assertThatThrownBy(() -> RegionSandbox.builder().maxReceiveCount(0).config())
        .hasMessageContaining("maxReceiveCount");
    assertThatThrownBy(() -> RegionSandbox.builder().queueName("bad name!").config())
        .hasMessageContaining("SQS name");
  }
}
