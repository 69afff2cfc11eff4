package dev.activeactive.dualwrite.internal.read;

import com.datastax.oss.driver.api.core.cql.Row;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A row as the bytes of its columns, in order. Comparing bytes rather than Java values makes the comparison
 * exact for every CQL type and needs no codecs. A null column is a null element.
 */
public record RowImage(List<ByteBuffer> values) {
  public RowImage {
    values = Collections.unmodifiableList(new ArrayList<>(values));
  }

  public static RowImage of(Row row) {
    List<ByteBuffer> values = new ArrayList<>(row.size());
    for (int i = 0; i < row.size(); i++) {
      ByteBuffer bytes = row.getBytesUnsafe(i);
      values.add(bytes == null ? null : bytes.duplicate());
    }
    return new RowImage(values);
  }
}
