package dev.activeactive.protocol.internal.memcached;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Counts the commands of one zone that spymemcached may still hold in its queues, and refuses new ones beyond a
 * bound instead of letting them pile up.
 *
 * <p>Why: a command that misses its deadline is failed and cancelled, but spymemcached keeps it until it reaches
 * the head of its server's write queue (unwritten) or until the server answers it (written); with a frozen or
 * blackholed server neither happens. Counting such <em>abandoned</em> commands until they are known to be gone
 * keeps a zone that stopped answering from collecting an unbounded backlog (and, once spymemcached's bounded
 * input queue fills, from blocking whoever adds the next command, the I/O thread included).
 *
 * <p>How an abandoned command is known to be gone: each server's commands are written and answered in the order
 * they were issued, so once a command issued <em>later</em> to the same server has been answered, every earlier
 * one was either answered or dropped unwritten. A server that holds abandoned commands and answers nothing else
 * is sent a probe (see {@link #serversToProbe}), so the count drains once the server is back even when nothing
 * else is issued.
 *
 * <p>Thread-safe and lock-free.
 */
public final class CommandLedger {

  /** Thrown by {@link #issue} when the zone already has its bound of commands outstanding. */
  public static final class SaturatedException extends IllegalStateException {
    SaturatedException(String message) {
      super(message);
    }
  }

  private final String zone;
  private final int max;
  private final AtomicInteger outstanding = new AtomicInteger();
  private final AtomicInteger abandoned = new AtomicInteger();
  private final Map<Object, Line> lines = new ConcurrentHashMap<>();

  /**
   * @param zone the zone's name, for errors
   * @param max the most commands outstanding (issued and possibly still held by spymemcached) at once
   */
  public CommandLedger(String zone, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be positive: " + max);
    }
    this.zone = zone;
    this.max = max;
  }

  /**
   * Takes a ticket for a command to {@code server}; the caller must then report its end on the ticket exactly
   * once ({@link Ticket#answered}, {@link Ticket#dropped} or {@link Ticket#abandoned}).
   *
   * @throws SaturatedException at once (never waits) when {@code max} commands are outstanding
   */
  public Ticket issue(Object server) {
    while (true) {
      int current = outstanding.get();
      if (current >= max) {
        throw new SaturatedException("zone " + zone + " has " + current + " memcached commands outstanding ("
            + abandoned.get() + " of them timed out and not yet answered or dropped by the server), its bound; "
            + "failing fast instead of queueing more. The zone is slow or unreachable: check its servers");
      }
      if (outstanding.compareAndSet(current, current + 1)) {
        break;
      }
    }
    Line line = lines.computeIfAbsent(server, s -> new Line());
    return new Ticket(line, line.issued.incrementAndGet());
  }

  /** Commands outstanding now, abandoned ones included. */
  public int outstanding() {
    return outstanding.get();
  }

  /** Commands that timed out and may still be held by spymemcached. */
  public int abandoned() {
    return abandoned.get();
  }

  /**
   * Calls {@code probe} for each server that holds abandoned commands and has no probe in flight younger than
   * {@code staleAfterNanos} (spymemcached silently drops a command that waited longer than its timeout to be
   * written, so a probe may never answer). The probe must call the given callback at most once: with
   * {@code true} when the server answered it. A probe counts as a command issued to its server, but not
   * against the bound.
   */
  public void serversToProbe(long staleAfterNanos, BiConsumer<Object, Consumer<Boolean>> probe) {
    long now = System.nanoTime();
    for (Map.Entry<Object, Line> entry : lines.entrySet()) {
      Line line = entry.getValue();
      long started = line.probeStarted.get();
      boolean inFlight = started != 0 && now - started < staleAfterNanos;
      if (!line.abandoned.isEmpty() && !inFlight && line.probeStarted.compareAndSet(started, now | 1)) {
        long seq = line.issued.incrementAndGet();
        probe.accept(entry.getKey(), answered -> {
          if (answered) {
            line.answeredThrough(seq);
          }
          line.probeStarted.compareAndSet(now | 1, 0);
        });
      }
    }
  }

  /** One server's commands in issue order. */
  private final class Line {
    final AtomicLong issued = new AtomicLong();
    final AtomicLong answered = new AtomicLong();
    final ConcurrentLinkedQueue<Ticket> abandoned = new ConcurrentLinkedQueue<>();
    /** When the probe in flight was sent ({@code System.nanoTime() | 1}), or 0 when none is. */
    final AtomicLong probeStarted = new AtomicLong();

    /** The command numbered {@code seq} was answered: it and every earlier one are gone. */
    void answeredThrough(long seq) {
      answered.accumulateAndGet(seq, Math::max);
      drain();
    }

    void drain() {
      long through = answered.get();
      Ticket head;
      // abandoned in deadline order, which is issue order: stop at the first one not yet known gone
      while ((head = abandoned.peek()) != null && head.seq < through) {
        if (abandoned.remove(head)) {
          head.release();
          CommandLedger.this.abandoned.decrementAndGet();
        }
      }
    }
  }

  /** One command's place in the ledger. */
  public final class Ticket {
    private static final int LIVE = 0;
    private static final int ABANDONED = 1;
    private static final int RELEASED = 2;

    private final Line line;
    private final long seq;
    private final AtomicInteger state = new AtomicInteger(LIVE);
    private volatile boolean wasAbandoned;

    private Ticket(Line line, long seq) {
      this.line = line;
      this.seq = seq;
    }

    /** The server answered the command (whatever it said): it is gone, and so is every earlier one. */
    public void answered() {
      if (state.compareAndSet(LIVE, RELEASED)) {
        outstanding.decrementAndGet();
      }
      line.answeredThrough(seq);
    }

    /** spymemcached discarded the command itself (server down, connection lost): it is gone. */
    public void dropped() {
      if (state.compareAndSet(LIVE, RELEASED)) {
        outstanding.decrementAndGet();
      }
    }

    /** The command timed out and is being cancelled; it stays counted until it is known to be gone. */
    public void abandoned() {
      wasAbandoned = true;
      if (state.compareAndSet(LIVE, ABANDONED)) {
        CommandLedger.this.abandoned.incrementAndGet();
        line.abandoned.add(this);
        line.drain(); // a later command may have been answered already
      }
    }

    /**
     * Whether {@link #abandoned()} was called: a completion seen afterwards is the cancellation's, not the
     * server's, and says nothing about what spymemcached still holds.
     */
    public boolean wasAbandoned() {
      return wasAbandoned;
    }

    private void release() {
      if (state.compareAndSet(ABANDONED, RELEASED)) {
        outstanding.decrementAndGet();
      }
    }
  }
}
