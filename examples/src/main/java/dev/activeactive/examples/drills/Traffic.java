package dev.activeactive.examples.drills;

import dev.activeactive.examples.http.ServiceClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Steady traffic against the service: a few threads sending the workload's operations at a fixed total rate to
 * whichever region {@code target} names at that moment (so a drill can move traffic between regions), recording
 * latencies per operation and errors, until stopped.
 */
final class Traffic {

  private final Supplier<ServiceClient> target;
  private final Workload workload;
  private final long intervalNanos;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Map<Op, LatencyStats> latencies = new EnumMap<>(Op.class);
  private final AtomicLong operations = new AtomicLong();
  private final Map<Op, AtomicLong> errors = new EnumMap<>(Op.class);
  private final List<String> errorSamples = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new ArrayList<>();

  private Traffic(Supplier<ServiceClient> target, Workload workload, int threads, double opsPerSecond) {
    this.target = target;
    this.workload = workload;
    this.intervalNanos = (long) (threads * 1e9 / opsPerSecond);
    for (Op op : Op.values()) {
      latencies.put(op, new LatencyStats());
      errors.put(op, new AtomicLong());
    }
  }

  /**
   * Starts traffic.
   *
   * @param name names the threads
   * @param threads concurrent requests at most
   * @param opsPerSecond the total rate over all threads
   */
  static Traffic start(String name, Supplier<ServiceClient> target, Workload workload, int threads,
      double opsPerSecond) {
    Traffic traffic = new Traffic(target, workload, threads, opsPerSecond);
    for (int i = 0; i < threads; i++) {
      long seed = name.hashCode() * 31L + i;
      Thread thread = new Thread(() -> traffic.loop(new Random(seed)), "traffic-" + name + "-" + i);
      thread.setDaemon(true);
      traffic.threads.add(thread);
      thread.start();
    }
    return traffic;
  }

  private void loop(Random random) {
    long next = System.nanoTime();
    while (running.get()) {
      Op op = workload.next(random);
      long start = System.nanoTime();
      try {
        workload.run(op, target.get(), random);
        latencies.get(op).record(System.nanoTime() - start);
      } catch (RuntimeException e) {
        errors.get(op).incrementAndGet();
        if (errorSamples.size() < 5) {
          errorSamples.add(op.label() + ": " + e.getMessage());
        }
      }
      operations.incrementAndGet();
      next += intervalNanos;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        Await.sleep(Duration.ofNanos(wait));
      } else if (wait < -1_000_000_000L) {
        next = System.nanoTime(); // fell far behind (a stall): do not burst to catch up
      }
    }
  }

  /** Stops the threads, waits for requests in flight, and returns what happened. */
  Result stop() {
    running.set(false);
    for (Thread thread : threads) {
      try {
        thread.join(15_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    Map<Op, LatencyStats.Summary> summaries = new EnumMap<>(Op.class);
    latencies.forEach((op, stats) -> summaries.put(op, stats.summary()));
    Map<Op, Long> errorCounts = new EnumMap<>(Op.class);
    errors.forEach((op, n) -> errorCounts.put(op, n.get()));
    return new Result(summaries, operations.get(), errorCounts, List.copyOf(errorSamples));
  }

  /**
   * What a run of traffic saw.
   *
   * @param latencies latency of the successful operations, per operation
   * @param operations operations sent
   * @param errors failed operations, per operation
   * @param errorSamples the first few errors
   */
  record Result(Map<Op, LatencyStats.Summary> latencies, long operations, Map<Op, Long> errors,
      List<String> errorSamples) {

    /** Failed operations in total. */
    long totalErrors() {
      return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Failed writes. */
    long writeErrors() {
      return errors.entrySet().stream().filter(e -> e.getKey().isWrite()).mapToLong(Map.Entry::getValue).sum();
    }
  }
}
