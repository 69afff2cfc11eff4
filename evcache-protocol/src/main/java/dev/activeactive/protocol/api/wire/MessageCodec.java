package dev.activeactive.protocol.api.wire;

import dev.activeactive.protocol.api.apply.DatasetApplyRules;
import dev.activeactive.protocol.api.key.KeyPolicy;
import dev.activeactive.protocol.api.version.Version;
import dev.activeactive.protocol.api.wire.MalformedMessageException.Reason;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Encodes {@link Message}s into SQS message bodies and decodes them back; the one implementation shared by the
 * client (publisher) and the relay (consumer). The byte layout is specified in docs/wire-format.md and
 * summarised here (format version 2, big-endian; version 1 is still read):
 *
 * <pre>
 * body   = "AAM:" + Base64(frame)                     (SQS bodies must be text)
 * frame  = header, operation * count, [HMAC-SHA256 of everything before it]
 * header = magic FE 41 41 4D | version u8 = 2 | flags u8 (bit 0: signed)
 *          | origin region: len u8 (1..64), ASCII | publish time ms i64 | producer id i64 | sequence i64
 *          | operation count i32
 * op     = type u8 (1 INVALIDATE, 2 DELETE, 3 REPLICATE) | key: len u8 (1..250), UTF-8
 *          | version micros i64 | version region: len u8 (0 = the origin region, else 1..64), ASCII
 *          | version 2 only: delete mode u8 (0 tombstone, 1 plain delete) | tombstone TTL u32 s (1..2592000)
 *          | REPLICATE only: expiry u32 epoch s | flags i32 | value: len i32, bytes
 * </pre>
 *
 * <p>Decoding never trusts a length: the body size is checked before Base64 decoding, and every count or length
 * is checked against the bytes actually present before anything is allocated, so a forged field cannot cause an
 * out-of-memory error. Every rejection is a {@link MalformedMessageException} with a {@link Reason}.
 *
 * <p>Immutable and thread-safe.
 */
public final class MessageCodec {

  /** The SQS body limit (256 KiB), the default {@link #maxBodyBytes()}. */
  public static final int SQS_MAX_BODY_BYTES = 262_144;

  /** Text that starts every body, before the Base64 of the frame. */
  public static final String BODY_PREFIX = "AAM:";

  /** First four bytes of every frame. Version-independent: every format version starts with magic, version. */
  static final byte[] MAGIC = {(byte) 0xFE, 'A', 'A', 'M'};

  /** The frame format version this library writes: 2, with each operation's dataset rules. */
  public static final int FORMAT_VERSION = 2;

  /** The oldest frame format version this library reads (its operations get {@link DatasetApplyRules#DEFAULT}). */
  public static final int OLDEST_READABLE_FORMAT_VERSION = 1;

  /** Header flag: the frame ends with an HMAC-SHA256 tag. */
  static final int FLAG_SIGNED = 0x01;

  private static final int KNOWN_FLAGS = FLAG_SIGNED;

  // magic 4, version 1, flags 1, region length 1, publish time 8, producer 8, sequence 8, count 4
  private static final int FIXED_HEADER_BYTES = 35;
  // type 1, key length 1, version micros 8, region length 1
  private static final int V1_FIXED_OPERATION_BYTES = 11;
  // delete mode 1, tombstone TTL 4
  private static final int RULES_BYTES = 5;
  private static final int FIXED_OPERATION_BYTES = V1_FIXED_OPERATION_BYTES + RULES_BYTES;
  // expiry 4, flags 4, value length 4
  private static final int REPLICATE_EXTRA_BYTES = 12;
  // the smallest operation: a 3-byte key ("d:k"); bounds the count a frame of a given size can hold
  private static final int MIN_OPERATION_BYTES = V1_FIXED_OPERATION_BYTES + 3;

  private final int maxBodyBytes;
  private final MessageSigner signer;

  /**
   * @param maxBodyBytes the largest body to produce or accept, at most {@link #SQS_MAX_BODY_BYTES} in production;
   *     smaller in tests
   * @param signer signs outgoing frames when it has a signing key, and makes signatures mandatory on incoming
   *     frames; {@code null} for no signing (incoming signed frames are then accepted without verification)
   */
  public MessageCodec(int maxBodyBytes, MessageSigner signer) {
    int minBody = bodyBytes(FIXED_HEADER_BYTES + Version.MAX_REGION_LENGTH + MessageSigner.MAC_BYTES + 512);
    if (maxBodyBytes < minBody) {
      throw new IllegalArgumentException("maxBodyBytes must be at least " + minBody + ": " + maxBodyBytes);
    }
    this.maxBodyBytes = maxBodyBytes;
    this.signer = signer;
  }

  /** A codec with the SQS body limit and no signing. */
  public MessageCodec() {
    this(SQS_MAX_BODY_BYTES, null);
  }

  /** The largest body this codec produces or accepts, in bytes (bodies are ASCII: bytes = characters). */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /** Whether outgoing frames are signed. */
  public boolean signs() {
    return signer != null && signer.canSign();
  }

  /** The largest frame whose body fits {@link #maxBodyBytes()}. */
  public int maxFrameBytes() {
    return (maxBodyBytes - BODY_PREFIX.length()) / 4 * 3;
  }

  /** The size of a body carrying a frame of {@code frameBytes} (prefix plus padded Base64). */
  public static int bodyBytes(int frameBytes) {
    return BODY_PREFIX.length() + (frameBytes + 2) / 3 * 4;
  }

  /** Bytes of a frame that do not belong to operations: the header and, when signing, the tag. */
  public int frameOverheadBytes(String originRegion) {
    return FIXED_HEADER_BYTES + originRegion.length() + (signs() ? MessageSigner.MAC_BYTES : 0);
  }

  /** The largest encoded operation that fits alone into one message from {@code originRegion}. */
  public int maxOperationBytes(String originRegion) {
    return maxFrameBytes() - frameOverheadBytes(originRegion);
  }

  /**
   * The largest value a REPLICATE of {@code key} from {@code originRegion} may carry and still fit into one
   * message; a larger value has to be published as INVALIDATE.
   */
  public int maxReplicableValueBytes(String key, String originRegion) {
    int fixed = FIXED_OPERATION_BYTES + REPLICATE_EXTRA_BYTES + utf8Length(key);
    return Math.max(0, maxOperationBytes(originRegion) - fixed);
  }

  /** The exact encoded size of {@code op} inside a message from {@code originRegion}. */
  public int operationBytes(Operation op, String originRegion) {
    int size = FIXED_OPERATION_BYTES + utf8Length(op.key()) + regionBytes(op.version(), originRegion);
    if (op.type() == OperationType.REPLICATE) {
      size += REPLICATE_EXTRA_BYTES + op.value().length;
    }
    return size;
  }

  /** Encodes a message into its SQS body. */
  public String encodeBody(Message message) {
    byte[] frame = encodeFrame(message);
    if (bodyBytes(frame.length) > maxBodyBytes) {
      throw new IllegalArgumentException("message of " + message.operations().size() + " operations needs "
          + bodyBytes(frame.length) + " body bytes, the limit is " + maxBodyBytes);
    }
    return BODY_PREFIX + Base64.getEncoder().encodeToString(frame);
  }

  /** Encodes a message into its binary frame (signed when this codec signs). */
  public byte[] encodeFrame(Message message) {
    String origin = message.originRegion();
    int size = frameOverheadBytes(origin);
    for (Operation op : message.operations()) {
      size += operationBytes(op, origin);
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(MAGIC).put((byte) FORMAT_VERSION).put((byte) (signs() ? FLAG_SIGNED : 0));
    putAscii(out, origin);
    out.putLong(message.publishTimeMillis()).putLong(message.producerId()).putLong(message.sequence());
    out.putInt(message.operations().size());
    for (Operation op : message.operations()) {
      putOperation(out, op, origin);
    }
    if (signs()) {
      out.put(signer.sign(out.array(), out.position()));
    }
    if (out.hasRemaining()) {
      throw new IllegalStateException("frame size accounting is off by " + out.remaining() + " bytes");
    }
    return out.array();
  }

  private static void putOperation(ByteBuffer out, Operation op, String origin) {
    out.put((byte) op.type().code());
    byte[] key = op.key().getBytes(StandardCharsets.UTF_8);
    out.put((byte) key.length).put(key);
    out.putLong(op.version().timestampMicros());
    if (op.version().originRegion().equals(origin)) {
      out.put((byte) 0);
    } else {
      putAscii(out, op.version().originRegion());
    }
    out.put((byte) (op.rules().plainDelete() ? 1 : 0)).putInt(op.rules().tombstoneTtlSeconds());
    if (op.type() == OperationType.REPLICATE) {
      out.putInt((int) op.expiryEpochSeconds()).putInt(op.flags());
      out.putInt(op.value().length).put(op.value());
    }
  }

  /**
   * Decodes an SQS body.
   *
   * @throws MalformedMessageException if the body is not a well-formed, acceptable message
   */
  public Message decodeBody(String body) throws MalformedMessageException {
    if (body == null || !body.startsWith(BODY_PREFIX)) {
      throw new MalformedMessageException(Reason.NOT_A_MESSAGE, "body does not start with '" + BODY_PREFIX + "'");
    }
    if (body.length() > maxBodyBytes) {
      throw new MalformedMessageException(Reason.OVERSIZED,
          "body of " + body.length() + " characters exceeds the limit of " + maxBodyBytes);
    }
    if ((body.length() - BODY_PREFIX.length()) % 4 != 0) {
      // the encoder always pads; the specification demands it, so the decoder does not guess
      throw new MalformedMessageException(Reason.BAD_BASE64, "body is not padded Base64 after the prefix (length "
          + (body.length() - BODY_PREFIX.length()) + " is not a multiple of 4)");
    }
    byte[] frame;
    try {
      // non-ASCII characters become '?', which the strict Base64 decoder rejects
      frame = Base64.getDecoder().decode(body.substring(BODY_PREFIX.length()).getBytes(StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException(Reason.BAD_BASE64, "body is not valid Base64 after the prefix");
    }
    return decodeFrame(frame);
  }

  /**
   * Decodes a binary frame.
   *
   * @throws MalformedMessageException if the frame is not well-formed or fails signature checks
   */
  public Message decodeFrame(byte[] frame) throws MalformedMessageException {
    ByteBuffer in = ByteBuffer.wrap(frame);
    try {
      return readFrame(in, frame);
    } catch (BufferUnderflowException e) {
      throw new MalformedMessageException(Reason.TRUNCATED,
          "frame of " + frame.length + " bytes ends inside a field at offset " + in.position());
    }
  }

  private Message readFrame(ByteBuffer in, byte[] frame) throws MalformedMessageException {
    byte[] magic = new byte[MAGIC.length];
    in.get(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new MalformedMessageException(Reason.BAD_MAGIC, "frame does not start with the message magic");
    }
    int version = in.get() & 0xFF;
    if (version < OLDEST_READABLE_FORMAT_VERSION || version > FORMAT_VERSION) {
      throw new MalformedMessageException(Reason.UNSUPPORTED_VERSION, "frame format version " + version
          + " is not supported (this library reads " + OLDEST_READABLE_FORMAT_VERSION + " to " + FORMAT_VERSION + ")");
    }
    int flags = in.get() & 0xFF;
    if ((flags & ~KNOWN_FLAGS) != 0) {
      throw new MalformedMessageException(Reason.UNSUPPORTED_FLAGS, "unknown header flags 0x"
          + Integer.toHexString(flags & ~KNOWN_FLAGS));
    }
    boolean signed = (flags & FLAG_SIGNED) != 0;
    boolean verified = checkSignature(frame, signed);
    if (signed) {
      in.limit(frame.length - MessageSigner.MAC_BYTES); // operations end where the tag starts
    }
    String origin = readRegion(in, Reason.BAD_HEADER, null);
    long publishTime = in.getLong();
    long producerId = in.getLong();
    long sequence = in.getLong();
    if (publishTime < 0) {
      throw new MalformedMessageException(Reason.BAD_HEADER, "negative publish time");
    }
    int count = in.getInt();
    if (count <= 0 || count > in.remaining() / MIN_OPERATION_BYTES) {
      throw new MalformedMessageException(Reason.BAD_OPERATION_COUNT, "operation count " + count
          + " is impossible with " + in.remaining() + " bytes left");
    }
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    List<Operation> ops = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ops.add(readOperation(in, origin, utf8, i, version));
    }
    if (in.hasRemaining()) {
      throw new MalformedMessageException(Reason.TRAILING_BYTES, in.remaining() + " bytes after the last operation");
    }
    return new Message(origin, publishTime, producerId, sequence, ops, verified);
  }

  /** Returns whether a signature was verified; throws if the policy rejects the frame. */
  private boolean checkSignature(byte[] frame, boolean signed) throws MalformedMessageException {
    boolean required = signer != null;
    if (!signed) {
      if (required) {
        throw new MalformedMessageException(Reason.MISSING_SIGNATURE, "frame is not signed and a secret is set");
      }
      return false;
    }
    if (frame.length < FIXED_HEADER_BYTES + MessageSigner.MAC_BYTES) {
      throw new MalformedMessageException(Reason.TRUNCATED, "signed frame too short for its tag");
    }
    if (!required) {
      return false; // no secret configured: a signed frame is read, its tag unchecked
    }
    int signedLength = frame.length - MessageSigner.MAC_BYTES;
    byte[] tag = Arrays.copyOfRange(frame, signedLength, frame.length);
    if (!signer.verify(frame, signedLength, tag)) {
      throw new MalformedMessageException(Reason.BAD_SIGNATURE, "HMAC does not match any configured secret");
    }
    return true;
  }

  private static Operation readOperation(ByteBuffer in, String origin, CharsetDecoder utf8, int index,
      int formatVersion) throws MalformedMessageException {
    int code = in.get() & 0xFF;
    OperationType type = OperationType.fromCode(code);
    if (type == null) {
      throw new MalformedMessageException(Reason.BAD_OPERATION_TYPE, "operation " + index + " has type " + code);
    }
    String key = readKey(in, utf8, index);
    long micros = in.getLong();
    if (micros < 0) {
      throw new MalformedMessageException(Reason.BAD_OPERATION, "operation " + index + " has a negative version");
    }
    String region = readRegion(in, Reason.BAD_OPERATION, origin);
    Version version = new Version(micros, region);
    DatasetApplyRules rules = formatVersion >= 2 ? readRules(in, index) : DatasetApplyRules.DEFAULT;
    if (type != OperationType.REPLICATE) {
      Operation op = type == OperationType.DELETE ? Operation.delete(key, version) : Operation.invalidate(key, version);
      return op.withRules(rules);
    }
    long expiry = in.getInt() & 0xFFFF_FFFFL;
    int flags = in.getInt();
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw new MalformedMessageException(Reason.TRUNCATED, "operation " + index + " announces a value of "
          + length + " bytes with " + in.remaining() + " left");
    }
    byte[] value = new byte[length];
    in.get(value);
    return Operation.replicate(key, version, expiry, flags, value).withRules(rules);
  }

  private static DatasetApplyRules readRules(ByteBuffer in, int index) throws MalformedMessageException {
    int mode = in.get() & 0xFF;
    long ttl = in.getInt() & 0xFFFF_FFFFL;
    if (mode > 1) {
      throw new MalformedMessageException(Reason.BAD_OPERATION, "operation " + index + " has delete mode " + mode);
    }
    if (ttl < 1 || ttl > DatasetApplyRules.MAX_RELATIVE_EXPIRY_SECONDS) {
      throw new MalformedMessageException(Reason.BAD_OPERATION,
          "operation " + index + " has a tombstone TTL of " + ttl + " s (1 s to 30 days)");
    }
    return new DatasetApplyRules((int) ttl, mode == 1);
  }

  private static String readKey(ByteBuffer in, CharsetDecoder utf8, int index) throws MalformedMessageException {
    int length = in.get() & 0xFF;
    if (length == 0 || length > KeyPolicy.MAX_KEY_BYTES || length > in.remaining()) {
      throw new MalformedMessageException(length > in.remaining() ? Reason.TRUNCATED : Reason.INVALID_KEY,
          "operation " + index + " has a key length of " + length);
    }
    ByteBuffer slice = in.slice();
    slice.limit(length);
    in.position(in.position() + length);
    String key;
    try {
      CharBuffer chars = utf8.reset().decode(slice);
      key = chars.toString();
    } catch (CharacterCodingException e) {
      throw new MalformedMessageException(Reason.INVALID_KEY, "operation " + index + " has a key that is not UTF-8");
    }
    if (!KeyPolicy.isValidMemcachedKey(key)) {
      throw new MalformedMessageException(Reason.INVALID_KEY,
          "operation " + index + " has a key that is not a valid namespaced memcached key");
    }
    return key;
  }

  /** Reads a length-prefixed ASCII region; length 0 means {@code implicit} when that is not null. */
  private static String readRegion(ByteBuffer in, Reason reason, String implicit) throws MalformedMessageException {
    int length = in.get() & 0xFF;
    if (length == 0 && implicit != null) {
      return implicit;
    }
    if (length == 0 || length > Version.MAX_REGION_LENGTH) {
      throw new MalformedMessageException(reason, "region length " + length);
    }
    byte[] bytes = new byte[length];
    in.get(bytes);
    String region = new String(bytes, StandardCharsets.US_ASCII);
    try {
      return Version.requireValidRegion(region);
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException(reason, e.getMessage());
    }
  }

  private static void putAscii(ByteBuffer out, String ascii) {
    out.put((byte) ascii.length()).put(ascii.getBytes(StandardCharsets.US_ASCII));
  }

  private static int regionBytes(Version version, String origin) {
    return version.originRegion().equals(origin) ? 0 : version.originRegion().length();
  }

  private static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
