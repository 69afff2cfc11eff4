package dev.activeactive.protocol.api.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.RegionSandboxTest;
import dev.activeactive.sandbox.api.SandboxComponent;
import dev.activeactive.sandbox.api.ZoneEndpoint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SpyZoneStore} against a real memcached of the sandbox that is frozen (SIGSTOP: it keeps its connection
 * and answers nothing, like a blackholed server). The zone is a direct connection inside one region, no WAN path.
 */
@RegionSandboxTest(components = SandboxComponent.MEMCACHED, wan = "none")
class SpyZoneStoreIT {

  private static final Duration AWAIT = Duration.ofSeconds(120); // generous: the machine is shared

  private final RegionSandbox sandbox;
  private final String region;
  private final ZoneEndpoint zone;

  SpyZoneStoreIT(RegionSandbox sandbox) {
    this.sandbox = sandbox;
    this.region = sandbox.regionNames().get(0);
    this.zone = sandbox.region(region).zones().get(0);
  }

  @AfterEach
  void heal() {
    sandbox.faults().healAll();
  }

  @Test
  void aFrozenServerCostsABoundedBacklogNoCallWaitsAndTheBacklogDrainsOnceItAnswersAgain() throws Exception {
    try (SpyZoneStore store = SpyZoneStore.connect(zone.name(), List.of(zone.memcachedHostPort()), 1024 * 1024,
        Duration.ofMillis(300))) {
      await().atMost(AWAIT).until(store::allServersAvailable);
      assertThat(store.set("frozen-probe", 0, bytes("before")).get(30, TimeUnit.SECONDS)).isTrue();

      sandbox.faults().pauseMemcached(region, zone.name());
      AtomicInteger most = new AtomicInteger();
      AtomicBoolean sampling = new AtomicBoolean(true);
      Thread sampler = new Thread(() -> {
        while (sampling.get()) {
          most.accumulateAndGet(store.commandsOutstanding(), Math::max);
          try {
            Thread.sleep(1);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      sampler.start();
      // three times the bound, issued from this thread as fast as it can: none of these calls may wait for
      // the frozen server (before, timed-out commands stayed in spymemcached's queues without limit)
      List<CompletableFuture<Boolean>> writes = new ArrayList<>();
      int total = 3 * SpyZoneStore.MAX_COMMANDS_OUTSTANDING;
      long longestCallNanos = 0;
      for (int i = 0; i < total; i++) {
        long start = System.nanoTime();
        writes.add(store.set("frozen-" + i, 0, bytes("v" + i)));
        longestCallNanos = Math.max(longestCallNanos, System.nanoTime() - start);
        if (i % 1000 == 999) {
          Thread.sleep(100); // spread over a few timeouts, so timed-out commands and new ones meet
        }
      }
      int timedOut = 0;
      int refused = 0;
      for (CompletableFuture<Boolean> write : writes) {
        try {
          write.get(60, TimeUnit.SECONDS);
          throw new AssertionError("a write to a frozen server succeeded");
        } catch (java.util.concurrent.ExecutionException e) {
          if (e.getCause() instanceof TimeoutException) {
            timedOut++;
          } else {
            assertThat(e.getCause()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("zone " + zone.name()).hasMessageContaining("failing fast");
            refused++;
          }
        }
      }
      sampling.set(false);
      sampler.join();
      // a call that had to wait for room in spymemcached's input queue would wait its opQueueMaxBlockTime (10 s)
      assertThat(Duration.ofNanos(longestCallNanos)).as("longest call").isLessThan(Duration.ofSeconds(5));
      assertThat(most.get()).as("commands outstanding at most").isLessThanOrEqualTo(
          SpyZoneStore.MAX_COMMANDS_OUTSTANDING);
      assertThat(refused).as("commands refused once the bound was reached").isPositive();
      assertThat(timedOut).as("commands that timed out").isPositive();
      // still frozen: the timed-out commands are still counted
      assertThat(store.commandsOutstanding()).isPositive();

      sandbox.faults().resumeMemcached(region, zone.name());
      try {
        await().atMost(AWAIT).until(() -> store.commandsOutstanding() == 0);
      } catch (ConditionTimeoutException e) {
        throw new AssertionError("the backlog did not drain: " + store.describeBacklog(), e);
      }
      await().atMost(AWAIT).ignoreExceptions()
          .until(() -> store.set("after", 0, bytes("after")).get(5, TimeUnit.SECONDS));
      assertThat(new String(store.get("after").get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8))
          .isEqualTo("after");
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
