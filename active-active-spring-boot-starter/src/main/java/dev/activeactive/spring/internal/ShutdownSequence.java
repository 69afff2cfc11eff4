package dev.activeactive.spring.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Closes what the starter built, in the one order that loses nothing: the publisher is flushed and the client
 * closed (its writes' operations delivered or spooled), then the relay, then the writer, then the session.
 *
 * <p>Its phase is below the web server's, so it stops after the server has stopped taking requests and the
 * requests in flight have finished (Boot's graceful shutdown), and before any bean is destroyed. Beans the
 * application defines itself are not registered here: Spring closes them at destruction as usual.
 */
public final class ShutdownSequence implements SmartLifecycle {

  /** Below WebServerStartStopLifecycle (DEFAULT_PHASE - 2048): stopping here comes after the server stopped. */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

  private static final Logger log = LoggerFactory.getLogger(ShutdownSequence.class);

  /** What is closed, in this order. */
  public enum Stage {
    /** The cache client: flushed (up to the publisher's close timeout), then closed. */
    CLIENT,
    /** The embedded relay: stops polling, lets messages in flight finish. */
    RELAY,
    /** The dual writer: waits for writes in flight, closes its failed-write log. */
    WRITER,
    /** The Cassandra session. */
    SESSION
  }

  private final Map<Stage, List<AutoCloseable>> resources = new EnumMap<>(Stage.class);
  private final List<Flush> flushes = new ArrayList<>();
  private volatile boolean running;

  /** Registers something to close at {@code stage}. */
  public synchronized void register(Stage stage, AutoCloseable resource) {
    resources.computeIfAbsent(stage, s -> new ArrayList<>()).add(resource);
  }

  /** Registers a flush to run, for up to {@code timeout}, before anything is closed. */
  public synchronized void flushFirst(String what, Supplier<CompletableFuture<Void>> flush, Duration timeout) {
    flushes.add(new Flush(what, flush, timeout));
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    closeAll();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  /** Flushes, then closes every stage in order; idempotent (each resource's close is, and is run once here). */
  public synchronized void closeAll() {
    for (Flush flush : flushes) {
      flush.run();
    }
    flushes.clear();
    for (Stage stage : Stage.values()) {
      for (AutoCloseable resource : resources.getOrDefault(stage, List.of())) {
        try {
          resource.close();
        } catch (Exception e) {
          log.warn("closing the {} failed; closing the rest: {}", stage.name().toLowerCase(), e.toString());
        }
      }
    }
    resources.clear();
  }

  private record Flush(String what, Supplier<CompletableFuture<Void>> flush, Duration timeout) {
    void run() {
      try {
        flush.get().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        log.warn("{} not flushed within {}; closing it now (what is still unsent is spooled, or dropped and"
            + " counted without a spool)", what, timeout);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        log.warn("{} flush failed: {}", what, e.toString());
      }
    }
  }
}
