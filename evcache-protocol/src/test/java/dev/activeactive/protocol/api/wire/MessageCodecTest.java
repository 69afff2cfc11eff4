package dev.activeactive.protocol.api.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.activeactive.protocol.api.apply.DatasetApplyRules;
import dev.activeactive.protocol.api.version.Version;
import dev.activeactive.protocol.api.wire.MalformedMessageException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MessageCodecTest {

  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] OTHER_SECRET = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);

  private final MessageCodec plain = new MessageCodec();
  private final MessageCodec signing = new MessageCodec(MessageCodec.SQS_MAX_BODY_BYTES, MessageSigner.of(SECRET));

  private static Message sample() {
    return Message.of("us-east-1", 1_700_000_000_000L, 0x1234_5678_9ABC_DEF0L, 7, List.of(
        Operation.invalidate("users:42", new Version(100, "us-east-1")),
        Operation.delete("users:한글", new Version(101, "us-east-1")).withRules(new DatasetApplyRules(7, true)),
        Operation.replicate("movies:m1", new Version(102, "eu-west-1"), 1_800_000_000L, -5,
            "payload".getBytes(StandardCharsets.UTF_8)),
        Operation.replicate("movies:m2", new Version(103, "us-east-1"), 0xFFFF_FFFFL, 0, new byte[0])
            .withRules(new DatasetApplyRules(DatasetApplyRules.MAX_RELATIVE_EXPIRY_SECONDS, false))));
  }

  @Test
  void roundTripsEveryField() throws Exception {
    Message message = sample();
    String body = plain.encodeBody(message);
    assertThat(body).startsWith("AAM:");
    Message decoded = plain.decodeBody(body);
    assertThat(decoded.originRegion()).isEqualTo("us-east-1");
    assertThat(decoded.publishTimeMillis()).isEqualTo(1_700_000_000_000L);
    assertThat(decoded.producerId()).isEqualTo(0x1234_5678_9ABC_DEF0L);
    assertThat(decoded.sequence()).isEqualTo(7);
    assertThat(decoded.operations()).isEqualTo(message.operations());
    assertThat(decoded.operations()).extracting(Operation::rules).containsExactly(DatasetApplyRules.DEFAULT,
        new DatasetApplyRules(7, true), DatasetApplyRules.DEFAULT,
        new DatasetApplyRules(DatasetApplyRules.MAX_RELATIVE_EXPIRY_SECONDS, false));
    assertThat(decoded.signed()).isFalse();
  }

  @Test
  void sizeAccountingIsExact() {
    Message message = sample();
    byte[] frame = plain.encodeFrame(message);
    int expected = plain.frameOverheadBytes("us-east-1");
    for (Operation op : message.operations()) {
      expected += plain.operationBytes(op, "us-east-1");
    }
    assertThat(frame).hasSize(expected);
    assertThat(plain.encodeBody(message)).hasSize(MessageCodec.bodyBytes(frame.length));
    assertThat(signing.encodeFrame(message)).hasSize(expected + MessageSigner.MAC_BYTES);
  }

  @Test
  void headerLayoutIsAsDocumented() {
    byte[] frame = plain.encodeFrame(Message.of("r", 2, 3, 4, List.of(Operation.invalidate("d:k", new Version(5, "r"))
        .withRules(new DatasetApplyRules(120, true)))));
    ByteBuffer expected = ByteBuffer.allocate(frame.length);
    expected.put(new byte[] {(byte) 0xFE, 'A', 'A', 'M', 2, 0, 1, 'r'}).putLong(2).putLong(3).putLong(4).putInt(1);
    expected.put(new byte[] {1, 3, 'd', ':', 'k'}).putLong(5).put((byte) 0).put((byte) 1).putInt(120);
    assertThat(frame).isEqualTo(expected.array());
  }

  /** Format version 1 (no dataset rules) is still read, with the default rules, for rolling upgrades. */
  @Test
  void readsFormatVersion1WithTheDefaultRules() throws Exception {
    ByteBuffer v1 = ByteBuffer.allocate(4 + 1 + 1 + 2 + 8 + 8 + 8 + 4 + 5 + 8 + 1);
    v1.put(new byte[] {(byte) 0xFE, 'A', 'A', 'M', 1, 0, 1, 'r'}).putLong(2).putLong(3).putLong(4).putInt(1);
    v1.put(new byte[] {2, 3, 'd', ':', 'k'}).putLong(5).put((byte) 0);
    Message decoded = plain.decodeFrame(v1.array());
    assertThat(decoded.operations()).containsExactly(Operation.delete("d:k", new Version(5, "r")));
    assertThat(decoded.operations().get(0).rules()).isEqualTo(DatasetApplyRules.DEFAULT);
  }

  @Test
  void rejectsImpossibleDatasetRules() {
    byte[] frame = plain.encodeFrame(Message.of("r", 2, 3, 4, List.of(Operation.invalidate("d:k", new Version(5, "r")))));
    int rulesOffset = frame.length - 5;
    byte[] badMode = frame.clone();
    badMode[rulesOffset] = 2;
    assertReason(plain, body(badMode), Reason.BAD_OPERATION);
    byte[] zeroTtl = frame.clone();
    ByteBuffer.wrap(zeroTtl).putInt(rulesOffset + 1, 0);
    assertReason(plain, body(zeroTtl), Reason.BAD_OPERATION);
    byte[] longTtl = frame.clone();
    ByteBuffer.wrap(longTtl).putInt(rulesOffset + 1, DatasetApplyRules.MAX_RELATIVE_EXPIRY_SECONDS + 1);
    assertReason(plain, body(longTtl), Reason.BAD_OPERATION);
  }

  @Test
  void signedFramesVerify() throws Exception {
    String body = signing.encodeBody(sample());
    Message decoded = signing.decodeBody(body);
    assertThat(decoded.signed()).isTrue();
    assertThat(decoded.operations()).isEqualTo(sample().operations());
  }

  @Test
  void relayWithASecretRejectsUnsignedAndWronglySignedFrames() {
    assertReason(signing, plain.encodeBody(sample()), Reason.MISSING_SIGNATURE);
    MessageCodec other = new MessageCodec(MessageCodec.SQS_MAX_BODY_BYTES, MessageSigner.of(OTHER_SECRET));
    assertReason(signing, other.encodeBody(sample()), Reason.BAD_SIGNATURE);
  }

  @Test
  void tamperingAnyByteOfASignedFrameIsDetected() {
    byte[] frame = signing.encodeFrame(sample());
    for (int i = 6; i < frame.length; i++) { // after magic, version and flags, which have their own reasons
      byte[] tampered = frame.clone();
      tampered[i] ^= 0x01;
      String body = MessageCodec.BODY_PREFIX + Base64.getEncoder().encodeToString(tampered);
      assertReason(signing, body, Reason.BAD_SIGNATURE);
    }
    byte[] unsignedFlag = frame.clone();
    unsignedFlag[5] = 0; // strip the signed flag: now it is unsigned and the tag is trailing garbage
    assertReason(signing, MessageCodec.BODY_PREFIX + Base64.getEncoder().encodeToString(unsignedFlag),
        Reason.MISSING_SIGNATURE);
  }

  @Test
  void rotationAcceptsOldAndNewSecrets() throws Exception {
    MessageSigner rotating = MessageSigner.rotating(OTHER_SECRET, List.of(SECRET, OTHER_SECRET));
    MessageCodec relay = new MessageCodec(MessageCodec.SQS_MAX_BODY_BYTES, rotating);
    assertThat(relay.decodeBody(signing.encodeBody(sample())).signed()).isTrue();
    assertThat(relay.decodeBody(relay.encodeBody(sample())).signed()).isTrue();
    MessageCodec verifyOnly = new MessageCodec(MessageCodec.SQS_MAX_BODY_BYTES,
        MessageSigner.rotating(null, List.of(SECRET)));
    assertThat(verifyOnly.signs()).isFalse();
    assertThat(verifyOnly.decodeBody(signing.encodeBody(sample())).signed()).isTrue();
  }

  @Test
  void aReaderWithoutSecretReadsSignedFramesUnverified() throws Exception {
    Message decoded = plain.decodeBody(signing.encodeBody(sample()));
    assertThat(decoded.signed()).isFalse();
    assertThat(decoded.operations()).isEqualTo(sample().operations());
  }

  @Test
  void rejectsShortSecrets() {
    assertThatThrownBy(() -> MessageSigner.of(new byte[15])).hasMessageContaining("at least 16 bytes");
    assertThat(MessageSigner.of(SECRET).toString()).doesNotContain("0123");
  }

  @Test
  void rejectsBodiesThatAreNotOurs() {
    assertReason(plain, "hello", Reason.NOT_A_MESSAGE);
    assertReason(plain, "", Reason.NOT_A_MESSAGE);
    assertReason(plain, "{\"Records\":[]}", Reason.NOT_A_MESSAGE);
    assertReason(plain, "AAM:not base64!", Reason.BAD_BASE64);
    assertReason(plain, "AAM:QUFB\nQUFB", Reason.BAD_BASE64);
    assertReason(plain, "AAM:QUFBé", Reason.BAD_BASE64);
    assertReason(plain, "AAM:", Reason.TRUNCATED);
    assertReason(plain, "AAM:" + b64("NOPE-not-our-magic"), Reason.BAD_MAGIC);
  }

  /** docs/wire-format.md: the Base64 after the prefix is padded; the encoder always pads, the decoder insists. */
  @Test
  void rejectsUnpaddedBase64() {
    String body = plain.encodeBody(Message.of("r", 2, 3, 4, List.of(Operation.invalidate("d:k", new Version(5, "r")))));
    assertThat(body).endsWith("=");
    assertReason(plain, body.replaceAll("=+$", ""), Reason.BAD_BASE64);
  }

  @Test
  void rejectsOversizedBodiesBeforeDecoding() {
    MessageCodec small = new MessageCodec(4096, null);
    assertReason(small, "AAM:" + "A".repeat(4096), Reason.OVERSIZED);
  }

  @Test
  void rejectsUnknownVersionsAndFlags() {
    byte[] frame = plain.encodeFrame(sample());
    frame[4] = 3;
    assertReason(plain, body(frame), Reason.UNSUPPORTED_VERSION);
    frame[4] = 0;
    assertReason(plain, body(frame), Reason.UNSUPPORTED_VERSION);
    frame[4] = 2;
    frame[5] = 0x02;
    assertReason(plain, body(frame), Reason.UNSUPPORTED_FLAGS);
  }

  @Test
  void rejectsEveryTruncation() {
    byte[] frame = plain.encodeFrame(sample());
    for (int length = 0; length < frame.length; length++) {
      byte[] cut = Arrays.copyOf(frame, length);
      assertThatThrownBy(() -> plain.decodeFrame(cut)).as("length %d", length)
          .isInstanceOfSatisfying(MalformedMessageException.class,
              e -> assertThat(e.reason()).isIn(Reason.TRUNCATED, Reason.BAD_OPERATION_COUNT, Reason.BAD_MAGIC));
    }
  }

  @Test
  void rejectsTrailingBytes() {
    byte[] frame = plain.encodeFrame(sample());
    assertReason(plain, body(Arrays.copyOf(frame, frame.length + 1)), Reason.TRAILING_BYTES);
  }

  @Test
  void forgedCountsAndLengthsDoNotAllocate() {
    Message one = Message.of("r", 1, 1, 1, List.of(Operation.replicate("d:k", new Version(1, "r"), 0, 0, new byte[4])));
    byte[] frame = plain.encodeFrame(one);
    int countOffset = 4 + 1 + 1 + 2 + 8 + 8 + 8;

    byte[] hugeCount = frame.clone();
    ByteBuffer.wrap(hugeCount).putInt(countOffset, Integer.MAX_VALUE);
    assertReason(plain, body(hugeCount), Reason.BAD_OPERATION_COUNT);

    byte[] zeroCount = frame.clone();
    ByteBuffer.wrap(zeroCount).putInt(countOffset, 0);
    assertReason(plain, body(zeroCount), Reason.BAD_OPERATION_COUNT);

    byte[] negativeCount = frame.clone();
    ByteBuffer.wrap(negativeCount).putInt(countOffset, -1);
    assertReason(plain, body(negativeCount), Reason.BAD_OPERATION_COUNT);

    int valueLengthOffset = frame.length - 4 - 4;
    byte[] hugeValue = frame.clone();
    ByteBuffer.wrap(hugeValue).putInt(valueLengthOffset, Integer.MAX_VALUE);
    assertReason(plain, body(hugeValue), Reason.TRUNCATED);

    byte[] negativeValue = frame.clone();
    ByteBuffer.wrap(negativeValue).putInt(valueLengthOffset, -2);
    assertReason(plain, body(negativeValue), Reason.TRUNCATED);
  }

  @Test
  void rejectsBadOperationFields() {
    Message one = Message.of("r", 1, 1, 1, List.of(Operation.invalidate("d:k", new Version(1, "r"))));
    byte[] frame = plain.encodeFrame(one);
    int opOffset = 4 + 1 + 1 + 2 + 8 + 8 + 8 + 4;

    byte[] badType = frame.clone();
    badType[opOffset] = 9;
    assertReason(plain, body(badType), Reason.BAD_OPERATION_TYPE);

    byte[] spaceInKey = frame.clone();
    spaceInKey[opOffset + 4] = ' ';
    assertReason(plain, body(spaceInKey), Reason.INVALID_KEY);

    byte[] noDataset = frame.clone();
    noDataset[opOffset + 3] = 'x'; // "dxk": no separator
    assertReason(plain, body(noDataset), Reason.INVALID_KEY);

    byte[] notUtf8 = frame.clone();
    notUtf8[opOffset + 4] = (byte) 0xC3; // a lead byte without its continuation
    assertReason(plain, body(notUtf8), Reason.INVALID_KEY);

    byte[] zeroKey = frame.clone();
    zeroKey[opOffset + 1] = 0;
    assertReason(plain, body(zeroKey), Reason.INVALID_KEY);

    byte[] negativeVersion = frame.clone();
    negativeVersion[opOffset + 5] = (byte) 0x80;
    assertReason(plain, body(negativeVersion), Reason.BAD_OPERATION);

    byte[] badRegionLength = frame.clone();
    badRegionLength[opOffset + 5 + 8] = 65;
    assertReason(plain, body(badRegionLength), Reason.BAD_OPERATION);

    byte[] badOrigin = frame.clone();
    badOrigin[7] = '!';
    assertReason(plain, body(badOrigin), Reason.BAD_HEADER);

    byte[] negativeTime = frame.clone();
    negativeTime[8] = (byte) 0x80;
    assertReason(plain, body(negativeTime), Reason.BAD_HEADER);
  }

  @Test
  void randomMutationsAreRejectedOrDecodeToSomethingReEncodable() {
    Random random = new Random(7);
    byte[] frame = plain.encodeFrame(sample());
    for (int i = 0; i < 20_000; i++) {
      byte[] mutated = frame.clone();
      int flips = 1 + random.nextInt(4);
      for (int f = 0; f < flips; f++) {
        mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
      }
      try {
        Message decoded = plain.decodeFrame(mutated);
        assertThat(plain.encodeFrame(decoded)).isEqualTo(mutated);
      } catch (MalformedMessageException expected) {
        assertThat(expected.reason()).isNotNull();
      }
    }
  }

  @Test
  void maxReplicableValueFitsExactly() throws Exception {
    MessageCodec small = new MessageCodec(4096, null);
    int max = small.maxReplicableValueBytes("users:1", "r");
    Operation fits = Operation.replicate("users:1", new Version(1, "r"), 0, 0, new byte[max]);
    String body = small.encodeBody(Message.of("r", 1, 1, 1, List.of(fits)));
    assertThat(body.length()).isLessThanOrEqualTo(4096).isGreaterThan(4096 - 4);
    assertThat(small.decodeBody(body).operations()).containsExactly(fits);
    Operation tooBig = Operation.replicate("users:1", new Version(1, "r"), 0, 0, new byte[max + 1]);
    assertThatThrownBy(() -> small.encodeBody(Message.of("r", 1, 1, 1, List.of(tooBig))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sqsBodyLimitLeavesRoomForLargeValues() {
    assertThat(plain.maxFrameBytes()).isEqualTo((262_144 - 4) / 4 * 3);
    assertThat(MessageCodec.bodyBytes(plain.maxFrameBytes())).isLessThanOrEqualTo(262_144);
    assertThat(MessageCodec.bodyBytes(plain.maxFrameBytes() + 1)).isGreaterThan(262_144);
  }

  @Test
  void messagesNeedOperationsAndValidHeaders() {
    assertThatThrownBy(() -> Message.of("r", 1, 1, 1, List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Message.of("bad region", 1, 1, 1, List.of(Operation.invalidate("d:k", new Version(1, "r")))))
        .isInstanceOf(IllegalArgumentException.class);
    List<Operation> ops = new ArrayList<>(List.of(Operation.invalidate("d:k", new Version(1, "r"))));
    Message m = Message.of("r", 1, 1, 1, ops);
    ops.clear();
    assertThat(m.operations()).hasSize(1);
  }

  private static String b64(String ascii) {
    return Base64.getEncoder().encodeToString(ascii.getBytes(StandardCharsets.US_ASCII));
  }

  private static String body(byte[] frame) {
    return MessageCodec.BODY_PREFIX + Base64.getEncoder().encodeToString(frame);
  }

  private static void assertReason(MessageCodec codec, String body, Reason reason) {
    assertThatThrownBy(() -> codec.decodeBody(body))
        .isInstanceOfSatisfying(MalformedMessageException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
