package dev.activeactive.dualwrite.internal.log;

import java.nio.ByteBuffer;
import java.util.List;

/** Sample records for tests. */
final class FailedWrites {
  private FailedWrites() {}

  static FailedWrite sample(String target, long timestamp) {
    return new FailedWrite(target, "ks", timestamp, "LOCAL_QUORUM", null,
        List.of(new RecordedStatement("INSERT INTO t (k, v, w) VALUES (?, ?, ?)", List.of(
            RecordedValue.of(null, ByteBuffer.wrap(new byte[] {0, 0, 0, 7})),
            RecordedValue.of(null, null),
            RecordedValue.unset(null)))),
        1_700_000_000_000L);
  }
}
