package dev.activeactive.relay.internal;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs each task on the thread that submits it. Given to spymemcached as its listener executor, so that a
 * completed command's continuation (the decision after a {@code gets}, the {@code add}/{@code cas} it issues, the
 * message's completion) runs on the memcached I/O thread that read the answer, instead of being handed to
 * spymemcached's default listener pool: one thread per client, which every completion of the zone had to wake
 * and queue behind. Continuations never block: the {@link InFlightLimiter} keeps the commands in flight far below
 * spymemcached's input queue capacity, so issuing the next command from the I/O thread cannot wait for room.
 */
final class CallerRunsExecutorService extends AbstractExecutorService {
  static final CallerRunsExecutorService INSTANCE = new CallerRunsExecutorService();

  private CallerRunsExecutorService() {}

  @Override
  public void execute(Runnable command) {
    command.run();
  }

  /** Shared and stateless: shutting it down is a no-op. */
  @Override
  public void shutdown() {}

  @Override
  public List<Runnable> shutdownNow() {
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return false;
  }

  @Override
  public boolean isTerminated() {
    return false;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return false;
  }
}
