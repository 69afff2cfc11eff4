package dev.activeactive.protocol.internal.memcached;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.MemcachedNode;
import net.spy.memcached.ops.OperationCallback;
import net.spy.memcached.ops.OperationStatus;
import net.spy.memcached.ops.VersionOperation;
import net.spy.memcached.protocol.ascii.AsciiOperationFactory;

/**
 * Issues one zone's spymemcached commands with a deadline and a bound: a command that misses its deadline fails
 * with a {@link java.util.concurrent.TimeoutException} and is cancelled (so spymemcached does not write it if it
 * has not yet), and stays counted in the zone's {@link CommandLedger} until it is known to be gone; a command
 * beyond the bound fails at once with a {@link CommandLedger.SaturatedException}. Never blocks the caller.
 *
 * <p>Thread-safe. {@link #close()} stops the deadlines (the client is closed by its owner).
 */
public final class SpyCommands implements AutoCloseable {

  /**
   * Commands outstanding per zone, timed-out ones included: half of spymemcached's default input queue (16,384
   * per server), so adding a command never waits for room in it.
   */
  public static final int DEFAULT_MAX_OUTSTANDING = 8192;

  private static final AsciiOperationFactory PROBES = new AsciiOperationFactory();

  private final MemcachedClient client;
  private final CommandLedger ledger;
  private final CommandDeadlines deadlines;
  private final long timeoutNanos;

  /**
   * @param zone the zone's name (errors, thread names)
   * @param client the zone's client (text protocol)
   * @param timeout how long a command may take
   * @param maxOutstanding the most commands outstanding at once
   */
  public SpyCommands(String zone, MemcachedClient client, Duration timeout, int maxOutstanding) {
    this.client = client;
    this.ledger = new CommandLedger(zone, maxOutstanding);
    this.timeoutNanos = timeout.toNanos();
    this.deadlines = new CommandDeadlines(timeout, zone, this::probe);
  }

  /** The client commands go through. */
  public MemcachedClient client() {
    return client;
  }

  /** Commands outstanding now (issued, and possibly still held by spymemcached), timed-out ones included. */
  public int outstanding() {
    return ledger.outstanding();
  }

  /** Commands that timed out and are still counted. */
  public int abandoned() {
    return ledger.abandoned();
  }

  /** The backlog, for diagnostics: commands outstanding, timed-out ones, and spymemcached's queues per server. */
  public String describe() {
    return "outstanding=" + ledger.outstanding() + " abandoned=" + ledger.abandoned() + " servers="
        + client.getConnection().getLocator().getAll();
  }

  /** The server that holds {@code key}. */
  public MemcachedNode serverOf(String key) {
    // the connection's own locator: the client's getNodeLocator() hands out read-only copies, a new one per call
    return client.getConnection().getLocator().getPrimary(key);
  }

  /** Runs a single-key command (one server). */
  public <T> CompletableFuture<T> run(String key, Command<T> command) {
    return run(List.of(serverOf(key)), command);
  }

  /** Runs a command on the servers holding {@code keys}. */
  public <T> CompletableFuture<T> runOnKeys(Collection<String> keys,
      Command<T> command) {
    Set<MemcachedNode> servers = new LinkedHashSet<>();
    for (String key : keys) {
      servers.add(serverOf(key));
    }
    return run(List.copyOf(servers), command);
  }

  /** Runs a command on every server of the zone. */
  public <T> CompletableFuture<T> runOnAll(Command<T> command) {
    return run(List.copyOf(client.getConnection().getLocator().getAll()), command);
  }

  /**
   * Issues a spymemcached command and registers {@code onDone} as its completion listener (spymemcached's
   * listener types differ per future, so the caller adapts: {@code f.addListener(onDone::accept)}).
   */
  @FunctionalInterface
  public interface Command<T> {
    Future<T> issue(Consumer<Future<?>> onDone);
  }

  private <T> CompletableFuture<T> run(List<MemcachedNode> servers,
      Command<T> command) {
    List<CommandLedger.Ticket> tickets;
    try {
      tickets = issue(servers);
    } catch (CommandLedger.SaturatedException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    Future<T> future;
    try {
      future = command.issue(done -> {
        settle(tickets, done.isCancelled());
        SpyFutures.complete(result, done);
      });
    } catch (RuntimeException e) {
      tickets.forEach(CommandLedger.Ticket::dropped);
      return CompletableFuture.failedFuture(e);
    }
    return deadlines.watch(result, () -> {
      tickets.forEach(CommandLedger.Ticket::abandoned);
      future.cancel(true);
    });
  }

  /**
   * Runs a command built on an operation of its own; {@code issue} gets a callback to call once with whether
   * spymemcached cancelled the operation, and returns what to cancel on a timeout.
   */
  public <T> CompletableFuture<T> runOperation(String key, CompletableFuture<T> done,
      java.util.function.Function<Consumer<Boolean>, Runnable> issue) {
    List<CommandLedger.Ticket> tickets;
    try {
      tickets = issue(List.of(serverOf(key)));
    } catch (CommandLedger.SaturatedException e) {
      return CompletableFuture.failedFuture(e);
    }
    Runnable cancel;
    try {
      cancel = issue.apply(cancelled -> settle(tickets, cancelled));
    } catch (RuntimeException e) {
      tickets.forEach(CommandLedger.Ticket::dropped);
      done.completeExceptionally(e);
      return done;
    }
    return deadlines.watch(done, () -> {
      tickets.forEach(CommandLedger.Ticket::abandoned);
      cancel.run();
    });
  }

  private List<CommandLedger.Ticket> issue(List<MemcachedNode> servers) {
    List<CommandLedger.Ticket> tickets = new ArrayList<>(servers.size());
    try {
      for (MemcachedNode server : servers) {
        tickets.add(ledger.issue(server));
      }
    } catch (CommandLedger.SaturatedException e) {
      tickets.forEach(CommandLedger.Ticket::dropped);
      throw e;
    }
    return tickets;
  }

  private static void settle(List<CommandLedger.Ticket> tickets, boolean cancelled) {
    for (CommandLedger.Ticket ticket : tickets) {
      if (ticket.wasAbandoned()) {
        continue; // our own cancellation: the command may still be queued
      }
      if (cancelled) {
        ticket.dropped(); // spymemcached's: server down or connection lost, it discarded the command
      } else {
        ticket.answered();
      }
    }
  }

  /** Sends a {@code version} to each server holding abandoned commands, so their count drains once it answers. */
  private void probe() {
    ledger.serversToProbe(timeoutNanos, (server, answered) -> {
      VersionOperation[] op = new VersionOperation[1];
      op[0] = PROBES.version(new OperationCallback() {
        @Override
        public void receivedStatus(OperationStatus status) {}

        @Override
        public void complete() {
          answered.accept(!op[0].isCancelled() && !op[0].hasErrored());
        }
      });
      try {
        client.getConnection().addOperations(Map.of((MemcachedNode) server, op[0]));
      } catch (RuntimeException e) {
        answered.accept(false);
      }
    });
  }

  @Override
  public void close() {
    deadlines.close();
  }
}
