package dev.activeactive.dualwrite.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Tags;
import org.junit.jupiter.api.Test;

class DriverMetricsBinderTest {

  @Test
  void sessionMetricsKeepTheirPathAndGetTheSessionTag() {
    DriverMetricsBinder.NameAndTags id = DriverMetricsBinder.map("s0", "s0.cql-requests");
    assertThat(id.name()).isEqualTo("cassandra.driver.session.cql-requests");
    assertThat(id.tags()).isEqualTo(Tags.of("session", "s0"));
  }

  @Test
  void nodeMetricsGetTheNodeAsATag() {
    DriverMetricsBinder.NameAndTags id = DriverMetricsBinder.map("s0", "s0.nodes.127_0_0_1:9042.pool.in-flight");
    assertThat(id.name()).isEqualTo("cassandra.driver.node.pool.in-flight");
    assertThat(id.tags()).isEqualTo(Tags.of("session", "s0", "node", "127_0_0_1:9042"));
  }

  @Test
  void otherSessionsAreIgnored() {
    assertThat(DriverMetricsBinder.map("s0", "s1.cql-requests")).isNull();
  }
}
