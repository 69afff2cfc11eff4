package dev.activeactive.protocol.api.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HybridClockTest {

  private final AtomicLong wall = new AtomicLong(1_000_000);
  private final HybridClock clock = new HybridClock("r1", wall::get, 10_000_000);

  @Test
  void followsTheWallClockWhenItAdvances() {
    assertThat(clock.next()).isEqualTo(new Version(1_000_000, "r1"));
    wall.set(2_000_000);
    assertThat(clock.next()).isEqualTo(new Version(2_000_000, "r1"));
  }

  @Test
  void staysStrictlyIncreasingWhenTheWallClockStalls() {
    Version a = clock.next();
    Version b = clock.next();
    Version c = clock.next();
    assertThat(b.timestampMicros()).isEqualTo(a.timestampMicros() + 1);
    assertThat(c.timestampMicros()).isEqualTo(b.timestampMicros() + 1);
  }

  @Test
  void staysStrictlyIncreasingWhenTheWallClockGoesBackwards() {
    wall.set(5_000_000);
    Version before = clock.next();
    wall.set(4_000_000); // NTP step backwards
    Version after = clock.next();
    assertThat(after.isNewerThan(before)).isTrue();
    assertThat(after.timestampMicros()).isEqualTo(5_000_001);
    wall.set(6_000_000);
    assertThat(clock.next().timestampMicros()).isEqualTo(6_000_000);
  }

  @Test
  void observingARemoteVersionMovesLaterVersionsPastIt() {
    long remote = wall.get() + 3_000_000; // the other region's clock runs 3 s ahead
    assertThat(clock.observe(new Version(remote, "r2"))).isTrue();
    assertThat(clock.next().timestampMicros()).isEqualTo(remote + 1);
  }

  @Test
  void observingAnOlderTimestampChangesNothing() {
    wall.set(9_000_000);
    clock.next();
    assertThat(clock.observe(1)).isTrue();
    assertThat(clock.next().timestampMicros()).isEqualTo(9_000_001);
  }

  @Test
  void ignoresRemoteTimestampsBeyondTheSkewBound() {
    long farFuture = wall.get() + 10_000_001;
    assertThat(clock.observe(farFuture)).isFalse();
    assertThat(clock.next().timestampMicros()).isEqualTo(wall.get());
  }

  @Test
  void issuesUniqueIncreasingVersionsUnderConcurrency() throws InterruptedException {
    int threads = 8;
    int perThread = 20_000;
    Set<Long> seen = ConcurrentHashMap.newKeySet();
    List<Boolean> monotonic = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        long previous = -1;
        boolean ok = true;
        for (int i = 0; i < perThread; i++) {
          long v = clock.next().timestampMicros();
          ok &= v > previous;
          previous = v;
          seen.add(v);
          if (i % 1000 == 0) {
            wall.addAndGet(-50); // a wall clock jittering backwards while others read it
          }
        }
        monotonic.add(ok);
      });
      workers.add(worker);
      worker.start();
    }
    start.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    assertThat(seen).hasSize(threads * perThread);
    assertThat(monotonic).hasSize(threads).containsOnly(true);
  }
}
