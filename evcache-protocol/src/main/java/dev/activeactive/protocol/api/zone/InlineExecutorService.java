package dev.activeactive.protocol.api.zone;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs every task on the submitting thread. Given to spymemcached as its listener executor, so completion
 * listeners run on the I/O thread that received the answer instead of being handed to a thread pool: one thread
 * hand-off less per command. Everything this library chains onto those completions is non-blocking.
 */
final class InlineExecutorService extends AbstractExecutorService {

  static final InlineExecutorService INSTANCE = new InlineExecutorService();

  private InlineExecutorService() {}

  @Override
  public void execute(Runnable command) {
    command.run();
  }

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
    return true;
  }
}
