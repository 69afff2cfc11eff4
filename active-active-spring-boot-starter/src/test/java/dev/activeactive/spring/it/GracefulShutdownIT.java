package dev.activeactive.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.activeactive.evcache.api.DatasetCache;
import dev.activeactive.evcache.api.EVCacheClient;
import dev.activeactive.evcache.api.ValueCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Closing a service while writes are in flight: every write that was acknowledged has its invalidation applied
 * in the other region (the shutdown sequence flushes the publisher and closes the client before anything else),
 * at the default WAN profile.
 */
class GracefulShutdownIT extends WestServiceBase {

  private static final int KEYS = 600;
  private static final int WRITERS = 4;

  @Test
  void closingAServiceWithWritesInFlightLosesNoneOfTheirInvalidations() throws Exception {
    String prefix = uniqueKey("shutdown");
    DatasetCache<String> inWest = west.dataset("items", ValueCodec.utf8());
    for (int i = 0; i < KEYS; i++) {
      inWest.set(prefix + "-" + i, "old-in-west");
    }

    ConfigurableApplicationContext east = startEast();
    DatasetCache<String> inEast = east.getBean(EVCacheClient.class).dataset("items", ValueCodec.utf8());
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicInteger next = new AtomicInteger();
    AtomicBoolean closing = new AtomicBoolean();
    AtomicInteger acknowledgedWhileClosing = new AtomicInteger();
    Map<String, Integer> failures = new ConcurrentHashMap<>();
    CountDownLatch done = new CountDownLatch(WRITERS);
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      Thread writer = new Thread(() -> {
        try {
          for (int i = next.getAndIncrement(); i < KEYS; i = next.getAndIncrement()) {
            String key = prefix + "-" + i;
            try {
              inEast.set(key, "new-in-east");
              acknowledged.add(key);
              if (closing.get()) {
                acknowledgedWhileClosing.incrementAndGet();
              }
            } catch (RuntimeException e) {
              // after the client closed, writes fail their caller: not acknowledged, so nothing is owed
              failures.merge(e.getClass().getSimpleName(), 1, Integer::sum);
            }
          }
        } finally {
          done.countDown();
        }
      }, "east-writer-" + w);
      writers.add(writer);
      writer.start();
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= KEYS / 4);

    closing.set(true);
    east.close();
    assertThat(done.await(60, TimeUnit.SECONDS)).as("writers finished").isTrue();

    assertThat(acknowledgedWhileClosing.get()).as("writes acknowledged while the service was closing, so in"
        + " flight when it began (failures after the close: %s)", failures).isPositive();
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      Map<String, String> stillOld = inWest.getBulk(acknowledged);
      assertThat(stillOld.keySet()).as("acknowledged writes whose invalidation never reached us-west-2 (of %s)",
          acknowledged.size()).isEmpty();
    });
  }
}
