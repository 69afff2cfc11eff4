package dev.activeactive.relay.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RelayMetricsTest {
  @Test
  void lagIsBrokenDownByTheRegionTheMessageCameFrom() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    RelayMetrics metrics = new RelayMetrics(registry, "us-west-2");
    long now = System.currentTimeMillis();
    metrics.lag("us-east-1", now - 100, now - 90);
    metrics.lag("us-east-1", now - 200, now - 150);
    metrics.lag("eu-west-1", now - 5_000, now - 4_990);

    Timer east = registry.get("relay.lag").tag("region", "us-west-2").tag("origin", "us-east-1").timer();
    Timer eu = registry.get("relay.lag").tag("region", "us-west-2").tag("origin", "eu-west-1").timer();
    assertThat(east.count()).isEqualTo(2);
    assertThat(eu.count()).isEqualTo(1);
    // the lagging origin is visible as such, not averaged away with the other
    assertThat(eu.max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(5_000);
    assertThat(east.max(TimeUnit.MILLISECONDS)).isLessThan(5_000);
    assertThat(registry.get("relay.receive.lag").tag("origin", "eu-west-1").timer().count()).isEqualTo(1);
    assertThat(metrics.lagTimers()).containsOnlyKeys("us-east-1", "eu-west-1");
  }

  @Test
  void originsBeyondTheLimitShareOneSeries() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    RelayMetrics metrics = new RelayMetrics(registry, "us-west-2");
    long now = System.currentTimeMillis();
    // an unsigned queue takes any origin a sender writes: the series count must stay bounded
    for (int i = 0; i < RelayMetrics.MAX_ORIGINS + 10; i++) {
      metrics.lag("region-" + i, now - 10, now - 5);
    }
    assertThat(registry.find("relay.lag").timers()).hasSize(RelayMetrics.MAX_ORIGINS + 1);
    assertThat(registry.get("relay.lag").tag("origin", RelayMetrics.OTHER_ORIGINS).timer().count()).isEqualTo(10);
  }
}
