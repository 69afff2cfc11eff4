package dev.activeactive.protocol.internal.memcached;

import dev.activeactive.protocol.api.zone.CasStore.CasOutcome;
import dev.activeactive.protocol.api.zone.CasStore.StoreReply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import net.spy.memcached.ops.KeyedOperation;
import net.spy.memcached.ops.OperationCallback;
import net.spy.memcached.ops.OperationErrorType;
import net.spy.memcached.ops.OperationState;
import net.spy.memcached.ops.OperationStatus;
import net.spy.memcached.ops.StatusCode;
import net.spy.memcached.protocol.BaseOperationImpl;

/**
 * memcached's meta-protocol store ({@code ms}, memcached 1.6+) in add or compare-and-swap mode, asking for the
 * stored item's CAS id ({@code c} flag): the classic text {@code add} and {@code cas} answer {@code STORED} without
 * it, so a client that wants to compare-and-swap against its own last write would have to read the item back
 * first. One request line, the data block, one reply line: {@code HD c<cas>} stored, {@code NS} not stored
 * (add: key present), {@code EX} CAS mismatch, {@code NF} not found (cas: key absent).
 *
 * <p>spymemcached's text-protocol operation base class is package-private, so this extends the protocol-neutral
 * {@link BaseOperationImpl} and reads its one reply line itself. The key must already be a valid memcached key
 * (no spaces or control characters, at most 250 bytes), as every key this library sends is.
 */
final class MetaStoreOperation extends BaseOperationImpl implements KeyedOperation {

  /** What a successful reply says, for {@link Callback#replied}. */
  interface Callback extends OperationCallback {
    /** The server's answer; called on the I/O thread before {@link #complete()}. */
    void replied(StoreReply reply);
  }

  private static final byte[] CRLF = {'\r', '\n'};

  private final String key;
  private final long compareCas;
  private final int expiry;
  private final int itemFlags;
  private final byte[] data;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(32);
  private boolean sawCr;

  private MetaStoreOperation(String key, long compareCas, int expiry, int itemFlags, byte[] data,
      Callback callback) {
    this.key = key;
    this.compareCas = compareCas;
    this.expiry = expiry;
    this.itemFlags = itemFlags;
    this.data = data;
    setCallback(callback);
  }

  /** An {@code add}: stores only if {@code key} is absent. */
  static MetaStoreOperation add(String key, int expiry, int itemFlags, byte[] data, Callback callback) {
    return new MetaStoreOperation(key, StoreReply.UNKNOWN_CAS, expiry, itemFlags, data, callback);
  }

  /** A {@code cas}: stores only if the item still has CAS id {@code cas}. */
  static MetaStoreOperation cas(String key, long cas, int expiry, int itemFlags, byte[] data, Callback callback) {
    if (cas == StoreReply.UNKNOWN_CAS) {
      throw new IllegalArgumentException("a cas needs the item's CAS id; 0 is never one");
    }
    return new MetaStoreOperation(key, cas, expiry, itemFlags, data, callback);
  }

  /** The request line as sent (tests; also {@link #toString()}). */
  String requestLine() {
    StringBuilder b = new StringBuilder(key.length() + 40)
        .append("ms ").append(key).append(' ').append(data.length)
        .append(" T").append(expiry).append(" F").append(itemFlags).append(" c");
    if (compareCas == StoreReply.UNKNOWN_CAS) {
      b.append(" ME");
    } else {
      b.append(" C").append(compareCas);
    }
    return b.toString();
  }

  @Override
  public void initialize() {
    byte[] header = requestLine().getBytes(StandardCharsets.US_ASCII);
    ByteBuffer buffer = ByteBuffer.allocate(header.length + CRLF.length + data.length + CRLF.length);
    buffer.put(header).put(CRLF).put(data).put(CRLF);
    buffer.flip();
    setBuffer(buffer);
  }

  @Override
  public void readFromBuffer(ByteBuffer buffer) throws IOException {
    // read only up to the end of this reply's line: what follows belongs to the next command on the connection
    while (buffer.hasRemaining() && getState() == OperationState.READING) {
      byte b = buffer.get();
      if (sawCr && b == '\n') {
        handleLine(line.toString(StandardCharsets.US_ASCII));
        return;
      }
      if (sawCr) {
        line.write('\r');
      }
      sawCr = b == '\r';
      if (!sawCr) {
        line.write(b);
      }
    }
  }

  private void handleLine(String reply) throws IOException {
    if (reply.startsWith("CLIENT_ERROR")) {
      handleError(OperationErrorType.CLIENT, reply);
    } else if (reply.startsWith("SERVER_ERROR")) {
      handleError(OperationErrorType.SERVER, reply);
    } else if (reply.equals("ERROR")) {
      // a server without the meta protocol (memcached before 1.6) answers ERROR to "ms"
      handleError(OperationErrorType.GENERAL, reply + " (meta protocol not supported: memcached 1.6 or later needed)");
    }
    String code = reply.length() >= 2 ? reply.substring(0, 2) : reply;
    CasOutcome outcome = switch (code) {
      case "HD" -> CasOutcome.STORED;
      case "NS", "EX" -> CasOutcome.CHANGED;
      case "NF" -> CasOutcome.NOT_FOUND;
      default -> null;
    };
    if (outcome == null) {
      getCallback().receivedStatus(new OperationStatus(false, "unexpected reply to ms: " + reply,
          StatusCode.ERR_INTERNAL));
    } else {
      long cas = outcome == CasOutcome.STORED ? returnedCas(reply) : StoreReply.UNKNOWN_CAS;
      ((Callback) getCallback()).replied(new StoreReply(outcome, cas));
      getCallback().receivedStatus(new OperationStatus(true, code, StatusCode.SUCCESS));
    }
    transitionState(OperationState.COMPLETE);
  }

  /** The {@code c<cas>} token of a reply line, {@link StoreReply#UNKNOWN_CAS} when missing. */
  static long returnedCas(String reply) {
    for (String token : reply.split(" ")) {
      if (token.length() > 1 && token.charAt(0) == 'c') {
        try {
          return Long.parseUnsignedLong(token, 1, token.length(), 10);
        } catch (NumberFormatException e) {
          return StoreReply.UNKNOWN_CAS;
        }
      }
    }
    return StoreReply.UNKNOWN_CAS;
  }

  @Override
  public Collection<String> getKeys() {
    return List.of(key);
  }

  @Override
  public byte[] getErrorMsg() {
    return null;
  }

  @Override
  public String toString() {
    return "MetaStoreOperation{" + requestLine() + "}";
  }
}
