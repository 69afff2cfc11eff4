package dev.activeactive.evcache.internal.pack;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Groups message bodies into SQS {@code SendMessageBatch} requests: at most {@value #SQS_MAX_ENTRIES} entries and
 * at most {@value #SQS_MAX_BATCH_BYTES} bytes of bodies per request, in the given order, with as few requests as
 * that order allows (a request is closed when the next body would break a limit).
 */
public final class SendBatches {

  /** SQS's limit on entries per SendMessageBatch. */
  public static final int SQS_MAX_ENTRIES = 10;

  /** SQS's limit on the total payload of one SendMessageBatch (256 KiB). */
  public static final int SQS_MAX_BATCH_BYTES = 262_144;

  private SendBatches() {}

  /** Groups ASCII bodies (length = bytes) under the SQS limits. */
  public static List<List<String>> group(List<String> bodies) {
    return group(bodies, String::length, SQS_MAX_ENTRIES, SQS_MAX_BATCH_BYTES);
  }

  /**
   * Groups items into batches of at most {@code maxEntries} items and {@code maxBatchBytes} total size.
   *
   * @throws IllegalArgumentException if one item alone is larger than {@code maxBatchBytes}
   */
  public static <T> List<List<T>> group(List<T> items, ToIntFunction<T> sizeOf, int maxEntries, long maxBatchBytes) {
    if (maxEntries < 1 || maxBatchBytes < 1) {
      throw new IllegalArgumentException("limits must be positive: " + maxEntries + ", " + maxBatchBytes);
    }
    List<List<T>> batches = new ArrayList<>();
    List<T> current = new ArrayList<>();
    long bytes = 0;
    for (T item : items) {
      int size = sizeOf.applyAsInt(item);
      if (size > maxBatchBytes) {
        throw new IllegalArgumentException("an item of " + size + " bytes exceeds the batch limit of " + maxBatchBytes);
      }
      if (current.size() == maxEntries || bytes + size > maxBatchBytes) {
        batches.add(current);
        current = new ArrayList<>();
        bytes = 0;
      }
      current.add(item);
      bytes += size;
    }
    if (!current.isEmpty()) {
      batches.add(current);
    }
    return batches;
  }
}
