package dev.activeactive.dualwrite.internal.copy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Where cells live: a partition key and, for a regular row, its clustering key. The static row of a partition
 * has no clustering key. Values are the serialized key columns.
 */
public record RowKey(List<ByteBuffer> partition, List<ByteBuffer> clustering, boolean isStatic) {
  public RowKey {
    partition = readOnly(partition);
    clustering = readOnly(clustering);
  }

  private static List<ByteBuffer> readOnly(List<ByteBuffer> values) {
    List<ByteBuffer> copy = new ArrayList<>(values.size());
    values.forEach(v -> copy.add(v.asReadOnlyBuffer()));
    return List.copyOf(copy);
  }

  public static RowKey regular(List<ByteBuffer> partition, List<ByteBuffer> clustering) {
    return new RowKey(partition, clustering, false);
  }

  public static RowKey staticRow(List<ByteBuffer> partition) {
    return new RowKey(partition, List.of(), true);
  }
}
