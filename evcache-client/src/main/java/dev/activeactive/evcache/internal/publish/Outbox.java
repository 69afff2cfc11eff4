package dev.activeactive.evcache.internal.publish;

import dev.activeactive.evcache.internal.pack.MessagePacker;
import dev.activeactive.evcache.internal.pack.PackedMessage;
import dev.activeactive.protocol.api.wire.Operation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A region publisher's operations in memory that are not in flight: being packed into a message
 * ({@link MessagePacker}), or cut into messages that wait to be sent or spooled ({@link #ready()}, in publishing
 * order), and when a partly filled message may be cut. Confined to the publisher thread.
 */
final class Outbox {

  private final MessagePacker packer;
  private final boolean packing;
  private final long lingerNanos;
  private final ArrayDeque<PackedMessage> ready = new ArrayDeque<>();
  private long firstPendingNanos = -1;

  Outbox(MessagePacker packer, boolean packing, long lingerNanos) {
    this.packer = packer;
    this.packing = packing;
    this.lingerNanos = lingerNanos;
  }

  /**
   * Adds an operation (coalescing with a pending one of the same key); {@code result} hears whether it was added
   * or coalesced.
   *
   * @return the bytes of pending operations it added (less than its size when coalescing saved some)
   */
  long add(Operation op, long mark, Consumer<MessagePacker.AddResult> result) {
    long before = packer.pendingOperationBytes();
    result.accept(packer.add(op, mark));
    long added = packer.pendingOperationBytes() - before;
    if (!packing) {
      cutAll();
    } else if (firstPendingNanos < 0) {
      firstPendingNanos = System.nanoTime();
    }
    return added;
  }

  /** Cut messages waiting to be sent or spooled, oldest first. */
  ArrayDeque<PackedMessage> ready() {
    return ready;
  }

  boolean packerEmpty() {
    return packer.isEmpty();
  }

  /** Whether nothing is held here at all. */
  boolean isEmpty() {
    return packer.isEmpty() && ready.isEmpty();
  }

  /** Cuts whatever is being packed into messages, full or not. */
  void cutAll() {
    ready.addAll(packer.drainAll());
    firstPendingNanos = -1;
  }

  /**
   * Cuts full messages, and the partial one when {@code urgent}, or when it has lingered and {@code partialFits}.
   */
  void cut(long nowNanos, boolean urgent, BooleanSupplier partialFits) {
    if (packer.isEmpty()) {
      return;
    }
    if (packer.hasFullMessage()) {
      ready.addAll(packer.drainFull());
    }
    boolean lingered = nowNanos - firstPendingNanos >= lingerNanos;
    if (!packer.isEmpty() && (urgent || (lingered && partialFits.getAsBoolean()))) {
      ready.addAll(packer.drainAll());
    }
    firstPendingNanos = packer.isEmpty() ? -1 : firstPendingNanos;
  }

  /** When the partial message will have lingered long enough, or {@code Long.MAX_VALUE} with nothing packed. */
  long lingerDeadlineNanos() {
    return packer.isEmpty() ? Long.MAX_VALUE : firstPendingNanos + lingerNanos;
  }

  /** Puts {@code messages} (failed sends, or taken back from flight) back in line, in publishing order. */
  void requeue(Collection<PackedMessage> messages) {
    List<PackedMessage> merged = new ArrayList<>(messages);
    merged.addAll(ready);
    merged.sort(Comparator.comparingLong(PackedMessage::sequence));
    ready.clear();
    ready.addAll(merged);
  }

  /** The lowest journal mark held here ({@link MessagePacker#NO_MARK} if none). */
  long lowestMark() {
    long low = packer.firstPendingMark();
    for (PackedMessage m : ready) {
      low = Math.min(low, m.firstMark());
    }
    return low;
  }
}
