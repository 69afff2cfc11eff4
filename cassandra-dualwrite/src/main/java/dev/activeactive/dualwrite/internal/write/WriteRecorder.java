package dev.activeactive.dualwrite.internal.write;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.ProtocolVersion;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.type.codec.registry.CodecRegistry;
import com.datastax.oss.protocol.internal.ProtocolConstants;
import dev.activeactive.dualwrite.api.Target;
import dev.activeactive.dualwrite.internal.log.FailedWrite;
import dev.activeactive.dualwrite.internal.log.RecordedStatement;
import dev.activeactive.dualwrite.internal.log.RecordedValue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Captures a write as a {@link FailedWrite}: CQL text and values in the bytes the driver sends, so that the
 * record is independent of Java classes and codecs and can be replayed by a later process.
 */
final class WriteRecorder {
  private WriteRecorder() {}

  /**
   * @param statement the statement as the user gave it, with its write timestamp already set
   * @param sentAtMillis when the write was sent: the server's "now" for its TTLs, unless the statement set one
   */
  static FailedWrite record(Statement<?> statement, Target target, long writeTimestamp, long sentAtMillis,
      long nowMillis) {
    CodecRegistry codecs = target.session().getContext().getCodecRegistry();
    ProtocolVersion protocol = target.session().getContext().getProtocolVersion();
    List<RecordedStatement> statements = new ArrayList<>();
    String batchType = null;
    if (statement instanceof BatchStatement batch) {
      batchType = batchTypeName(batch);
      for (BatchableStatement<?> child : batch) {
        statements.add(recordOne(child, codecs, protocol));
      }
    } else {
      statements.add(recordOne(statement, codecs, protocol));
    }
    String consistency = statement.getConsistencyLevel() == null ? null : statement.getConsistencyLevel().name();
    int nowInSeconds = statement.getNowInSeconds() != Statement.NO_NOW_IN_SECONDS
        ? statement.getNowInSeconds()
        : (int) (sentAtMillis / 1000);
    return new FailedWrite(target.name(), target.keyspace().asCql(true), writeTimestamp, consistency, batchType,
        statements, nowMillis, nowInSeconds);
  }

  private static String batchTypeName(BatchStatement batch) {
    for (DefaultBatchType type : DefaultBatchType.values()) {
      if (type.getProtocolCode() == batch.getBatchType().getProtocolCode()) {
        if (type == DefaultBatchType.COUNTER) {
          throw new IllegalArgumentException("Counter batches cannot be recorded for a replay: a counter update "
              + "is not idempotent");
        }
        return type.name();
      }
    }
    throw new IllegalArgumentException("Unknown batch type " + batch.getBatchType());
  }

  private static RecordedStatement recordOne(Statement<?> statement, CodecRegistry codecs, ProtocolVersion protocol) {
    if (statement instanceof BoundStatement bound) {
      List<RecordedValue> values = new ArrayList<>(bound.size());
      for (int i = 0; i < bound.size(); i++) {
        values.add(bound.isSet(i) ? RecordedValue.of(null, bound.getBytesUnsafe(i)) : RecordedValue.unset(null));
      }
      return new RecordedStatement(bound.getPreparedStatement().getQuery(), values);
    }
    if (statement instanceof SimpleStatement simple) {
      List<RecordedValue> values = new ArrayList<>();
      if (!simple.getNamedValues().isEmpty()) {
        for (Map.Entry<CqlIdentifier, Object> named : simple.getNamedValues().entrySet()) {
          values.add(encode(named.getKey().asCql(true), named.getValue(), codecs, protocol));
        }
      } else {
        for (Object value : simple.getPositionalValues()) {
          values.add(encode(null, value, codecs, protocol));
        }
      }
      return new RecordedStatement(simple.getQuery(), values);
    }
    throw new IllegalArgumentException("Cannot record a " + statement.getClass().getName());
  }

  private static RecordedValue encode(String name, Object value, CodecRegistry codecs, ProtocolVersion protocol) {
    if (value == null) {
      return RecordedValue.of(name, null);
    }
    if (value == ProtocolConstants.UNSET_VALUE) {
      return RecordedValue.unset(name);
    }
    // the same codec lookup the driver makes when it sends a simple statement's values
    ByteBuffer bytes = codecs.codecFor(value).encode(value, protocol);
    return RecordedValue.of(name, bytes);
  }
}
