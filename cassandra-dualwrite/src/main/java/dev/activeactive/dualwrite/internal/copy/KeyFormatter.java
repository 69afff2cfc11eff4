package dev.activeactive.dualwrite.internal.copy;

import com.datastax.oss.driver.api.core.ProtocolVersion;
import com.datastax.oss.driver.api.core.type.codec.TypeCodec;
import com.datastax.oss.driver.api.core.type.codec.registry.CodecRegistry;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Writes a row key as CQL literals ({@code id=42, day='2024-01-01'}) for reports. */
final class KeyFormatter {
  private final TableShape shape;
  private final CodecRegistry codecs;
  private final ProtocolVersion protocol;

  KeyFormatter(TableShape shape, CodecRegistry codecs, ProtocolVersion protocol) {
    this.shape = shape;
    this.codecs = codecs;
    this.protocol = protocol;
  }

  String format(RowKey key) {
    List<String> parts = new ArrayList<>();
    append(parts, shape.partitionKey(), key.partition());
    if (key.isStatic()) {
      parts.add("[static]");
    } else {
      append(parts, shape.clustering(), key.clustering());
    }
    return String.join(", ", parts);
  }

  private void append(List<String> parts, List<TableShape.Column> columns, List<ByteBuffer> values) {
    for (int i = 0; i < columns.size() && i < values.size(); i++) {
      TableShape.Column column = columns.get(i);
      parts.add(column.cql() + "=" + literal(column, values.get(i)));
    }
  }

  private String literal(TableShape.Column column, ByteBuffer bytes) {
    if (bytes == null) {
      return "null";
    }
    try {
      TypeCodec<Object> codec = codecs.codecFor(column.type());
      return codec.format(codec.decode(bytes.duplicate(), protocol));
    } catch (RuntimeException e) {
      ByteBuffer copy = bytes.duplicate();
      byte[] raw = new byte[copy.remaining()];
      copy.get(raw);
      return "0x" + java.util.HexFormat.of().formatHex(raw);
    }
  }
}
