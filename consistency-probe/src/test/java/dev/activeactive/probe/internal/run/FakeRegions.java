package dev.activeactive.probe.internal.run;

import dev.activeactive.probe.internal.store.ExperimentStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;

/**
 * Two regions in memory, for the runner's own logic (what it counts, when it reads): a write is acknowledged at
 * once and becomes visible in the read region {@code replicationLagMs(id)} later (negative: never); a read takes
 * {@code readLatencyMs}. The real paths are tested against the sandbox in ProbeIT.
 */
final class FakeRegions implements ExperimentStore {
  private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, r -> {
    Thread t = new Thread(r, "fake-regions");
    t.setDaemon(true);
    return t;
  });
  private final ConcurrentHashMap<Long, Long> visibleAtNanos = new ConcurrentHashMap<>();
  private final LongUnaryOperator replicationLagMs;
  private final long readLatencyMs;

  FakeRegions(LongUnaryOperator replicationLagMs, long readLatencyMs) {
    this.replicationLagMs = replicationLagMs;
    this.readLatencyMs = readLatencyMs;
  }

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public void prepare(long records) {}

  @Override
  public CompletableFuture<Void> write(long id) {
    long lag = replicationLagMs.applyAsLong(id);
    visibleAtNanos.put(id, lag < 0 ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(lag));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Boolean> isVisible(long id) {
    long readAt = System.nanoTime();
    CompletableFuture<Boolean> answer = new CompletableFuture<>();
    timer.schedule(() -> answer.complete(visibleAtNanos.getOrDefault(id, Long.MAX_VALUE) <= readAt),
        readLatencyMs, TimeUnit.MILLISECONDS);
    return answer;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
