package dev.activeactive.sandbox.internal.net;

import dev.activeactive.sandbox.api.WanProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One direction of one proxied connection, emulating a WAN: a reader stamps each chunk on arrival with the time
 * it is due at the far end (arrival + one-way delay + jitter, later for a bandwidth cap), a writer sends it then.
 * Unlike a sleep before each write, the delay does not lower throughput: while one chunk waits the reader keeps
 * reading, up to {@link #CAPACITY_BYTES} in flight (the emulated path's window).
 *
 * <p>Due times never decrease, so jitter cannot reorder bytes. While the path is blackholed neither side moves
 * bytes (the sender's socket buffer fills and its writes block, as over a silent WAN); on heal the held bytes
 * leave one delay after the heal.
 */
final class DelayLine {
  /** Bytes in flight per direction: 100 MB/s over a 35 ms path needs 3.5 MB. */
  static final int CAPACITY_BYTES = 16 * 1024 * 1024;
  private static final int READ_BUFFER = 64 * 1024;

  /** A run of bytes and when it is due; {@code bytes == null} marks the end of the stream. */
  private record Chunk(byte[] bytes, long dueNanos) {}

  private final PathGate gate;
  private final InputStream in;
  private final OutputStream out;
  private final Runnable onEnd;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notFull = lock.newCondition();
  private final ArrayDeque<Chunk> queue = new ArrayDeque<>();
  private long queuedBytes;
  /** Reader only. */
  private long lastDueNanos = Long.MIN_VALUE;
  private long lastDepartureNanos = Long.MIN_VALUE;
  /** Writer only: nothing leaves before this, e.g. a new connection's handshake or a healed blackhole. */
  private long floorNanos;

  /**
   * @param firstByteFloorNanos nothing is written before this time (System.nanoTime())
   * @param onEnd called once when this direction ends, by end of stream or error: it closes the connection
   */
  DelayLine(PathGate gate, InputStream in, OutputStream out, long firstByteFloorNanos, Runnable onEnd) {
    this.gate = gate;
    this.in = in;
    this.out = out;
    this.floorNanos = firstByteFloorNanos;
    this.onEnd = onEnd;
  }

  void start(String name) {
    daemon(this::readLoop, name + "-in").start();
    daemon(this::writeLoop, name + "-out").start();
  }

  private void readLoop() {
    byte[] buffer = new byte[READ_BUFFER];
    try {
      while (true) {
        gate.awaitNotBlackholed();
        int n = in.read(buffer);
        if (n < 0) {
          put(new Chunk(null, due(0)), 0);
          return;
        }
        put(new Chunk(Arrays.copyOf(buffer, n), due(n)), n);
      }
    } catch (IOException | InterruptedException e) {
      // the connection was reset or closed: the writer learns of it through its own socket
      onEnd.run();
    }
  }

  private long due(int length) {
    WanProfile profile = gate.profile();
    long now = System.nanoTime();
    long departure = now;
    if (profile.bandwidthBytesPerSecond() > 0) {
      departure = Math.max(now, lastDepartureNanos) + length * 1_000_000_000L / profile.bandwidthBytesPerSecond();
      lastDepartureNanos = departure;
    }
    long jitter = profile.jitter().isZero() ? 0
        : ThreadLocalRandom.current().nextLong(profile.jitter().toNanos() + 1);
    long due = departure + profile.oneWayDelay().toNanos() + jitter;
    due = Math.max(due, lastDueNanos); // jitter may delay a chunk, never let it overtake the one before
    lastDueNanos = due;
    return due;
  }

  private void put(Chunk chunk, int length) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (queuedBytes > 0 && queuedBytes + length > CAPACITY_BYTES) {
        notFull.await();
      }
      queue.addLast(chunk);
      queuedBytes += length;
      notEmpty.signal();
    } finally {
      lock.unlock();
    }
  }

  private Chunk take() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (queue.isEmpty()) {
        notEmpty.await();
      }
      Chunk chunk = queue.removeFirst();
      queuedBytes -= chunk.bytes() == null ? 0 : chunk.bytes().length;
      notFull.signal();
      return chunk;
    } finally {
      lock.unlock();
    }
  }

  private void writeLoop() {
    try {
      while (true) {
        Chunk chunk = take();
        while (true) {
          long wait = Math.max(chunk.dueNanos(), floorNanos) - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
            continue;
          }
          long afterHeal = gate.awaitNotBlackholed();
          if (afterHeal > floorNanos) {
            floorNanos = afterHeal;
            continue; // a blackhole held this chunk: it now leaves one delay after the heal
          }
          break;
        }
        if (chunk.bytes() == null) {
          return;
        }
        out.write(chunk.bytes());
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // reset or closed; fall through to close the connection
    } finally {
      onEnd.run();
    }
  }

  private static Thread daemon(Runnable body, String name) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    return thread;
  }
}
