package dev.activeactive.dualwrite.internal.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailedWriteCodecTest {

  @Test
  void aRecordRoundTrips() {
    FailedWrite write = FailedWrites.sample("merged", 123L);

    FailedWrite decoded = FailedWriteCodec.decodeNext(FailedWriteCodec.encode(write));

    assertThat(decoded).isEqualTo(write);
  }

  @Test
  void aBatchWithNamedValuesRoundTrips() {
    FailedWrite batch = new FailedWrite("t", "\"MixedCase\"", -5L, null, "UNLOGGED", List.of(
        new RecordedStatement("UPDATE t SET v = :v WHERE k = :k", List.of(
            RecordedValue.of("v", ByteBuffer.wrap("é".getBytes(java.nio.charset.StandardCharsets.UTF_8))),
            RecordedValue.of("k", ByteBuffer.allocate(0)))),
        new RecordedStatement("DELETE FROM t WHERE k = ?", List.of())), 0L);

    assertThat(FailedWriteCodec.decodeNext(FailedWriteCodec.encode(batch))).isEqualTo(batch);
  }

  @Test
  void aTornFrameIsNotDecoded() {
    ByteBuffer frame = FailedWriteCodec.encode(FailedWrites.sample("a", 1L));
    ByteBuffer torn = ByteBuffer.wrap(frame.array(), 0, frame.limit() - 3).slice();

    assertThat(FailedWriteCodec.decodeNext(torn)).isNull();
    assertThat(torn.position()).isZero();
  }

  @Test
  void aCorruptedFrameIsNotDecoded() {
    ByteBuffer frame = FailedWriteCodec.encode(FailedWrites.sample("a", 1L));
    frame.put(20, (byte) (frame.get(20) ^ 0x55));

    assertThat(FailedWriteCodec.decodeNext(frame)).isNull();
  }

  @Test
  void framesFollowOneAnother() {
    ByteBuffer a = FailedWriteCodec.encode(FailedWrites.sample("a", 1L));
    ByteBuffer b = FailedWriteCodec.encode(FailedWrites.sample("b", 2L));
    ByteBuffer both = ByteBuffer.allocate(a.remaining() + b.remaining()).put(a).put(b).flip();

    assertThat(FailedWriteCodec.decodeNext(both).target()).isEqualTo("a");
    assertThat(FailedWriteCodec.decodeNext(both).target()).isEqualTo("b");
    assertThat(FailedWriteCodec.decodeNext(both)).isNull();
  }
}
