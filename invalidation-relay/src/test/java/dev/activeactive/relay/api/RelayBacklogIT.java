package dev.activeactive.relay.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.activeactive.protocol.api.version.Version;
import dev.activeactive.protocol.api.wire.Operation;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.RegionSandboxTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The backlog meters against the sandbox's real SQS: they count what the queue and its DLQ hold. */
@RegionSandboxTest
class RelayBacklogIT {
  private static final Duration AWAIT = Duration.ofSeconds(60);

  private RelayFixture fixture;
  private InvalidationRelay relay;
  private final MeterRegistry registry = new SimpleMeterRegistry();

  @BeforeEach
  void setUp(RegionSandbox sandbox) throws Exception {
    fixture = new RelayFixture(sandbox, "us-east-1", "us-west-2");
    fixture.purgeQueues();
    relay = fixture.relayBuilder().backlogInterval(Duration.ofSeconds(1)).meterRegistry(registry).build().start();
  }

  @AfterEach
  void tearDown() {
    relay.close();
    fixture.close();
  }

  private double backlog(String state) {
    return registry.get("relay.backlog.messages").tag("state", state).gauge().value();
  }

  private double gauge(String name) {
    return registry.get(name).gauge().value();
  }

  private static Operation replicate(String key) {
    return Operation.replicate(key, new Version(System.currentTimeMillis() * 1000, "us-east-1"), 0, 0,
        "v".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aPausedZoneBuildsAVisibleBacklogThatDrainsWithItsAgeReported(RegionSandbox sandbox) {
    await().atMost(AWAIT).until(() -> backlog("visible") == 0 && gauge("relay.dlq.messages") == 0);
    String zone = fixture.target.zones().get(0).name();
    sandbox.faults().pauseMemcached("us-west-2", zone);
    try {
      // receiving pauses once the relay sees the zone down: from then on messages wait in the queue
      await().atMost(AWAIT).until(() -> registry.get("relay.zone.reachable").tag("zone", zone).gauge().value() == 0);
      for (int i = 0; i < 20; i++) {
        fixture.publish(replicate("backlog:" + i));
      }
      await().atMost(AWAIT).until(() -> backlog("visible") == 20);
      // held for at least 3 s
      long heldSince = System.nanoTime();
      await().atMost(AWAIT).until(() -> System.nanoTime() - heldSince > 3_000_000_000L
          && backlog("visible") == 20);
      assertThat(gauge("relay.backlog.oldest.age")).as("ageing while nothing is received").isGreaterThan(1.0);
    } finally {
      sandbox.faults().resumeMemcached("us-west-2", zone);
    }
    await().atMost(AWAIT).until(() -> relay.stats().messagesApplied() >= 20);
    await().atMost(AWAIT).until(() -> backlog("visible") == 0 && backlog("inflight") == 0);
    assertThat(gauge("relay.backlog.oldest.age")).as("the drained messages had waited at least 3 s")
        .isGreaterThanOrEqualTo(3.0);
    assertThat(gauge("relay.backlog.read.age")).isLessThan(30.0);
  }

  @Test
  void delayedMessagesAndDeadLettersAreCounted() {
    fixture.publishBody("not a message");
    await().atMost(AWAIT).untilAsserted(() -> assertThat(gauge("relay.dlq.messages")).isEqualTo(1.0));
    assertThat(relay.stats().rejectedTotal()).isPositive();
    fixture.publishDelayed(replicate("delayed:1"), 900);
    fixture.publishDelayed(replicate("delayed:2"), 900);
    await().atMost(AWAIT).untilAsserted(() -> assertThat(backlog("delayed")).isEqualTo(2.0));
    assertThat(backlog("visible")).isZero();
  }
}
