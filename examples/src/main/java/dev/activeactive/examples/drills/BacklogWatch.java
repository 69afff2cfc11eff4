package dev.activeactive.examples.drills;

import dev.activeactive.examples.sandbox.QueueAdmin;
import dev.activeactive.sandbox.api.RegionSandbox;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Watches a region's replication queue from the moment its relay restarts and notes when the backlog first
 * reaches zero: every message received, applied in every zone and deleted. Runs in the background, so the drill
 * can send traffic meanwhile.
 */
final class BacklogWatch {

  private final CompletableFuture<Duration> drained;

  private BacklogWatch(CompletableFuture<Duration> drained) {
    this.drained = drained;
  }

  /** Starts watching {@code region}'s queue now. */
  static BacklogWatch start(RegionSandbox sandbox, String region, Duration bound) {
    return new BacklogWatch(CompletableFuture.supplyAsync(() -> Await.until(
        () -> QueueAdmin.backlog(sandbox, region) == 0, bound, Duration.ofMillis(100))
        .orElse(null)));
  }

  /** How long after the start the queue was empty; empty if not within the bound. */
  Optional<Duration> drained(Duration wait) {
    try {
      return Optional.ofNullable(drained.get(wait.toMillis(), TimeUnit.MILLISECONDS));
    } catch (Exception e) {
      return Optional.empty();
    }
  }
}
