package dev.activeactive.evcache.internal.pack;

import dev.activeactive.protocol.api.version.Version;
import dev.activeactive.protocol.api.wire.Message;
import dev.activeactive.protocol.api.wire.MessageCodec;
import dev.activeactive.protocol.api.wire.Operation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Accumulates the operations bound for one destination region and cuts them into message bodies that are each
 * as full as the size limit allows, coalescing repeated operations on the same key while they wait.
 *
 * <p>Made for a publisher with a linger time, like a Kafka producer's {@code linger.ms} and {@code batch.size}:
 * {@link #add(Operation) add} each operation, send {@link #drainFull() full messages} as soon as
 * {@link #hasFullMessage()} says there are some, and {@link #drainAll() drain everything} when the linger time of
 * the oldest pending operation expires.
 *
 * <p><b>Coalescing.</b> Pending operations are keyed by memcached key; only the newest version per key is kept,
 * whatever its type (so a DELETE newer than a pending REPLICATE replaces it, and a REPLICATE newer than a pending
 * INVALIDATE replaces that). An operation not newer than the pending one is dropped. This is safe because remote
 * application is conditional on versions: applying the older operation first could never change the outcome. A
 * replaced operation keeps its place in the queue.
 *
 * <p><b>Sizes.</b> Accounting is exact: the codec reports each operation's encoded size, and a message is cut so
 * that its Base64 body, prefix included, never exceeds the codec's limit. Messages are cut greedily in queue
 * order: a message is full when the next operation would not fit.
 *
 * <p>Not thread-safe: the publisher confines a packer to one thread or guards it.
 */
public final class MessagePacker {

  /** What {@link #add(Operation)} did. */
  public enum AddResult {
    /** No operation for the key was pending; the operation was queued. */
    ADDED,
    /** An older pending operation for the key was replaced. */
    REPLACED_OLDER,
    /** A pending operation for the key was at least as new; the added one was dropped. */
    DROPPED_NOT_NEWER
  }

  /** The mark of an operation that is not in a write-ahead journal. */
  public static final long NO_MARK = Long.MAX_VALUE;

  private final MessageCodec codec;
  private final String originRegion;
  private final long producerId;
  private final LongSupplier millisClock;
  private final int capacity; // bytes available to operations in one frame
  private final Map<String, Pending> pending = new LinkedHashMap<>();
  private long pendingOperationBytes;
  private long nextSequence;

  /**
   * @param codec encodes the messages and knows the size limit and signing
   * @param originRegion this region, written into every header
   * @param producerId this process's producer id, written into every header
   * @param millisClock epoch milliseconds for the publish time in the header
   */
  public MessagePacker(MessageCodec codec, String originRegion, long producerId, LongSupplier millisClock) {
    this.codec = Objects.requireNonNull(codec, "codec");
    this.originRegion = Version.requireValidRegion(originRegion);
    this.producerId = producerId;
    this.millisClock = Objects.requireNonNull(millisClock, "millisClock");
    this.capacity = codec.maxOperationBytes(originRegion);
  }

  /** How many operations a message body holds (for counting what is lost with it); 0 if it cannot be read. */
  public int operationsIn(String body) {
    try {
      return codec.decodeBody(body).operations().size();
    } catch (dev.activeactive.protocol.api.wire.MalformedMessageException | RuntimeException e) {
      return 0;
    }
  }

  /** The bytes of operations one message holds (the body limit minus header, tag and Base64). */
  public int capacityBytes() {
    return capacity;
  }

  /** Whether {@code op} fits into a message on its own; one that does not cannot be {@link #add added}. */
  public boolean fits(Operation op) {
    return codec.operationBytes(op, originRegion) <= capacity;
  }

  /** The largest value a REPLICATE of {@code key} may carry; a larger one must be published as INVALIDATE. */
  public int maxReplicableValueBytes(String key) {
    return codec.maxReplicableValueBytes(key, originRegion);
  }

  /**
   * Queues an operation, coalescing it with a pending operation on the same key.
   *
   * @throws IllegalArgumentException if the operation does not {@link #fits(Operation) fit} into one message
   */
  public AddResult add(Operation op) {
    return add(op, NO_MARK);
  }

  /**
   * Like {@link #add(Operation)}, tagging the operation with {@code mark} (its write-ahead journal ordinal; marks
   * must be added in increasing order). A pending operation keeps the mark of the first operation it absorbed, so
   * a message's {@link PackedMessage#firstMark()} is the lowest mark whose operation it stands for.
   */
  public AddResult add(Operation op, long mark) {
    int size = codec.operationBytes(op, originRegion);
    if (size > capacity) {
      throw new IllegalArgumentException(op.type() + " of " + size + " encoded bytes does not fit into one message ("
          + capacity + " bytes for operations); publish large values as INVALIDATE");
    }
    Pending current = pending.get(op.key());
    if (current == null) {
      pending.put(op.key(), new Pending(op, size, mark));
      pendingOperationBytes += size;
      return AddResult.ADDED;
    }
    if (!op.version().isNewerThan(current.op.version())) {
      return AddResult.DROPPED_NOT_NEWER;
    }
    pending.put(op.key(), new Pending(op, size, current.mark)); // an existing key keeps its insertion position
    pendingOperationBytes += size - current.size;
    return AddResult.REPLACED_OLDER;
  }

  /** Whether at least one full message can be cut: the pending operations do not all fit into one message. */
  public boolean hasFullMessage() {
    return pendingOperationBytes > capacity;
  }

  /** The lowest mark among pending operations ({@link #NO_MARK} when none carries one). */
  public long firstPendingMark() {
    // insertion order is the order of first adds, and marks increase: the first entry holds the lowest
    return pending.isEmpty() ? NO_MARK : pending.values().iterator().next().mark;
  }

  /** The encoded size of {@code op} in this packer's messages. */
  public int operationBytes(Operation op) {
    return codec.operationBytes(op, originRegion);
  }

  /** Whether nothing is pending. */
  public boolean isEmpty() {
    return pending.isEmpty();
  }

  /** The number of pending operations (after coalescing). */
  public int pendingOperations() {
    return pending.size();
  }

  /** The encoded size of the pending operations, for memory bounds and metrics. */
  public long pendingOperationBytes() {
    return pendingOperationBytes;
  }

  /** Cuts and removes every full message, leaving the operations of a last, partly filled message pending. */
  public List<PackedMessage> drainFull() {
    List<PackedMessage> out = new ArrayList<>();
    while (hasFullMessage()) {
      out.add(cutOne());
    }
    return out;
  }

  /** Cuts and removes all pending operations, the last message possibly partly filled (linger expired). */
  public List<PackedMessage> drainAll() {
    List<PackedMessage> out = new ArrayList<>();
    while (!pending.isEmpty()) {
      out.add(cutOne());
    }
    return out;
  }

  private PackedMessage cutOne() {
    List<Operation> ops = new ArrayList<>();
    long used = 0;
    long mark = NO_MARK;
    for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (used + p.size > capacity) {
        break;
      }
      used += p.size;
      mark = Math.min(mark, p.mark);
      ops.add(p.op);
      it.remove();
    }
    pendingOperationBytes -= used;
    long sequence = nextSequence++;
    String body = codec.encodeBody(Message.of(originRegion, millisClock.getAsLong(), producerId, sequence, ops));
    return new PackedMessage(body, sequence, ops.size(), used, mark);
  }

  private record Pending(Operation op, int size, long mark) {}
}
