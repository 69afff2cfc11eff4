package dev.activeactive.protocol.api.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.activeactive.protocol.api.version.Version;
import dev.activeactive.protocol.api.wire.EnvelopeFormatException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class EnvelopeCodecTest {

  private static final Version V = new Version(1_700_000_000_123_456L, "us-east-1");

  @Test
  void valueRoundTrips() throws Exception {
    byte[] payload = "hello".getBytes(StandardCharsets.UTF_8);
    Envelope value = Envelope.value(V, 0xCAFE_BABE, payload);
    byte[] bytes = EnvelopeCodec.encode(value);
    assertThat(bytes).hasSize(EnvelopeCodec.encodedSize(value)).hasSize(16 + 9 + 5);
    assertThat(EnvelopeCodec.decode(bytes)).isEqualTo(value);
  }

  @Test
  void emptyAndLargePayloadsRoundTrip() throws Exception {
    byte[] large = new byte[1 << 20];
    new Random(1).nextBytes(large);
    for (byte[] payload : new byte[][] {new byte[0], large}) {
      Envelope value = Envelope.value(V, -1, payload);
      Envelope decoded = EnvelopeCodec.decode(EnvelopeCodec.encode(value));
      assertThat(decoded.payload()).isEqualTo(payload);
      assertThat(decoded.flags()).isEqualTo(-1);
    }
  }

  @Test
  void tombstoneRoundTrips() throws Exception {
    Envelope tombstone = Envelope.tombstone(V);
    Envelope decoded = EnvelopeCodec.decode(EnvelopeCodec.encode(tombstone));
    assertThat(decoded.isTombstone()).isTrue();
    assertThat(decoded.version()).isEqualTo(V);
    assertThat(decoded.payload()).isEmpty();
  }

  @Test
  void layoutIsAsDocumented() {
    byte[] bytes = EnvelopeCodec.encode(Envelope.value(new Version(0x0102030405060708L, "r"), 0x0A0B0C0D,
        new byte[] {42}));
    assertThat(bytes).containsExactly(
        0xFE, 1, 1, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 1, 'r', 0x0A, 0x0B, 0x0C, 0x0D, 42);
  }

  @Test
  void rejectsForeignValues() throws Exception {
    assertReason("plain text".getBytes(StandardCharsets.UTF_8), Reason.NOT_AN_ENVELOPE);
    assertReason("한글".getBytes(StandardCharsets.UTF_8), Reason.NOT_AN_ENVELOPE);
    assertReason(new byte[0], Reason.NOT_AN_ENVELOPE);
    assertThatThrownBy(() -> EnvelopeCodec.decode(null)).isInstanceOf(EnvelopeFormatException.class);

    ByteArrayOutputStream serialized = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(serialized)) {
      out.writeObject("a java object");
    }
    assertReason(serialized.toByteArray(), Reason.NOT_AN_ENVELOPE);

    ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
      out.write(1);
    }
    assertReason(gzipped.toByteArray(), Reason.NOT_AN_ENVELOPE);
  }

  @Test
  void rejectsUnknownFormatVersions() {
    byte[] bytes = EnvelopeCodec.encode(Envelope.value(V, 0, new byte[3]));
    bytes[1] = 2;
    assertReason(bytes, Reason.UNSUPPORTED_VERSION);
    bytes[1] = 0;
    assertReason(bytes, Reason.UNSUPPORTED_VERSION);
  }

  @Test
  void rejectsEveryTruncation() {
    byte[] bytes = EnvelopeCodec.encode(Envelope.tombstone(V));
    for (int length = 1; length < bytes.length; length++) {
      byte[] cut = Arrays.copyOf(bytes, length);
      assertThatThrownBy(() -> EnvelopeCodec.decode(cut)).as("length %d", length)
          .isInstanceOfSatisfying(EnvelopeFormatException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.TRUNCATED));
    }
  }

  @Test
  void rejectsBadKindRegionAndTombstoneWithPayload() {
    byte[] badKind = EnvelopeCodec.encode(Envelope.tombstone(V));
    badKind[2] = 9;
    assertReason(badKind, Reason.BAD_KIND);

    byte[] badRegion = EnvelopeCodec.encode(Envelope.tombstone(new Version(1, "ab")));
    badRegion[12] = ' ';
    assertReason(badRegion, Reason.BAD_VERSION);

    byte[] zeroRegion = EnvelopeCodec.encode(Envelope.tombstone(new Version(1, "ab")));
    zeroRegion[11] = 0;
    assertReason(zeroRegion, Reason.BAD_VERSION);

    byte[] negative = EnvelopeCodec.encode(Envelope.tombstone(V));
    negative[3] = (byte) 0x80;
    assertReason(negative, Reason.BAD_VERSION);

    byte[] tombstone = EnvelopeCodec.encode(Envelope.tombstone(V));
    byte[] withPayload = Arrays.copyOf(tombstone, tombstone.length + 1);
    assertReason(withPayload, Reason.BAD_TOMBSTONE);
  }

  @Test
  void randomGarbageNeverDecodesSilentlyWrong() {
    Random random = new Random(42);
    for (int i = 0; i < 10_000; i++) {
      byte[] garbage = new byte[random.nextInt(40)];
      random.nextBytes(garbage);
      if (garbage.length > 0 && random.nextBoolean()) {
        garbage[0] = EnvelopeCodec.MAGIC;
      }
      try {
        Envelope decoded = EnvelopeCodec.decode(garbage);
        // whatever decodes must re-encode to the same bytes: no information was invented or dropped
        assertThat(EnvelopeCodec.encode(decoded)).isEqualTo(garbage);
      } catch (EnvelopeFormatException expected) {
        assertThat(expected.reason()).isNotNull();
      }
    }
  }

  private static void assertReason(byte[] bytes, Reason reason) {
    assertThatThrownBy(() -> EnvelopeCodec.decode(bytes))
        .isInstanceOfSatisfying(EnvelopeFormatException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
