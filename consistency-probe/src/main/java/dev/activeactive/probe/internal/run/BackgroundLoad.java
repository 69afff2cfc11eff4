package dev.activeactive.probe.internal.run;

import dev.activeactive.probe.internal.store.ExperimentStore;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;

/**
 * Extra traffic during a run, to reproduce "production-level load": alternating writes and reads of records
 * outside the measured range, at a fixed rate, with a bounded number in flight.
 */
final class BackgroundLoad {
  private final Thread thread;
  private volatile boolean stopped;

  private BackgroundLoad(ExperimentStore store, int opsPerSecond, long firstId) {
    thread = new Thread(() -> {
      Semaphore inFlight = new Semaphore(256);
      long nanosPerOp = 1_000_000_000L / opsPerSecond;
      long start = System.nanoTime();
      for (long n = 0; !stopped; n++) {
        long wait = start + n * nanosPerOp - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        if (!inFlight.tryAcquire()) {
          continue; // the servers are saturated; skipping keeps the rate an upper bound
        }
        long id = firstId + n / 2;
        (n % 2 == 0 ? store.write(id) : store.isVisible(id)).whenComplete((v, e) -> inFlight.release());
      }
    }, "probe-background-load");
    thread.setDaemon(true);
  }

  static BackgroundLoad start(ExperimentStore store, int opsPerSecond, long firstId) {
    BackgroundLoad load = new BackgroundLoad(store, opsPerSecond, firstId);
    load.thread.start();
    return load;
  }

  void stop() {
    stopped = true;
  }
}
