package dev.activeactive.sandbox.internal.cassandra;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Asks a node questions over the CQL native protocol (v4) with a few hand-written frames, so that readiness
 * checks need neither the Java driver on the sandbox's classpath nor nodetool's slow JVM.
 */
final class CqlProbe {
  private static final int VERSION = 0x04;
  private static final int RESPONSE = 0x80;
  private static final int OP_ERROR = 0x00;
  private static final int OP_STARTUP = 0x01;
  private static final int OP_READY = 0x02;
  private static final int OP_OPTIONS = 0x05;
  private static final int OP_SUPPORTED = 0x06;
  private static final int OP_QUERY = 0x07;
  private static final int OP_RESULT = 0x08;
  private static final int CONSISTENCY_ALL = 0x0005;

  /*
   * system_traces is replicated with SimpleStrategy and replication factor 2, so on a two-node cluster both
   * nodes hold every partition whatever their datacenter. A read at ALL therefore succeeds exactly when the
   * coordinator considers the other node alive and the other node answers: the "sees each other UP" test,
   * done with the same failure detector the clients' requests go through.
   */
  static final String BOTH_REPLICAS_QUERY =
      "SELECT session_id FROM system_traces.sessions WHERE session_id = 00000000-0000-0000-0000-000000000000";

  private CqlProbe() {}

  /**
   * True when the node answers a CQL OPTIONS request in time. Unlike a bare TCP connect this is false for a
   * paused (SIGSTOP) node, whose kernel still completes handshakes.
   */
  static boolean answers(InetSocketAddress address, Duration timeout) {
    try (Socket socket = connect(address, timeout)) {
      return exchange(socket, OP_OPTIONS, new byte[0]) == OP_SUPPORTED;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Runs {@code query} at consistency ALL. Empty when it succeeded, else why not (connection failure or the
   * server's error message, e.g. Unavailable while a peer is not yet seen as UP).
   */
  static Optional<String> queryAtAll(InetSocketAddress address, String query, Duration timeout) {
    try (Socket socket = connect(address, timeout)) {
      int opcode = exchange(socket, OP_STARTUP, startupBody());
      if (opcode != OP_READY) {
        return Optional.of("STARTUP answered with opcode " + opcode + " (authentication enabled?)");
      }
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(body);
      byte[] text = query.getBytes(StandardCharsets.UTF_8);
      out.writeInt(text.length);
      out.write(text);
      out.writeShort(CONSISTENCY_ALL);
      out.writeByte(0); // no query flags: no values, default paging
      Response response = exchangeWithBody(socket, OP_QUERY, body.toByteArray());
      if (response.opcode == OP_RESULT) {
        return Optional.empty();
      }
      return Optional.of(response.opcode == OP_ERROR ? errorMessage(response.body) : "opcode " + response.opcode);
    } catch (IOException e) {
      return Optional.of(e.toString());
    }
  }

  private static Socket connect(InetSocketAddress address, Duration timeout) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(address, (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      socket.setTcpNoDelay(true);
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  private static byte[] startupBody() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(body);
    out.writeShort(1);
    writeString(out, "CQL_VERSION");
    writeString(out, "3.0.0");
    return body.toByteArray();
  }

  private static int exchange(Socket socket, int opcode, byte[] body) throws IOException {
    return exchangeWithBody(socket, opcode, body).opcode;
  }

  private record Response(int opcode, byte[] body) {}

  private static Response exchangeWithBody(Socket socket, int opcode, byte[] body) throws IOException {
    DataOutputStream out = new DataOutputStream(socket.getOutputStream());
    out.writeByte(VERSION);
    out.writeByte(0); // no compression, no tracing
    out.writeShort(0); // stream id: one request at a time
    out.writeByte(opcode);
    out.writeInt(body.length);
    out.write(body);
    out.flush();

    DataInputStream in = new DataInputStream(socket.getInputStream());
    int version = in.readUnsignedByte();
    in.readUnsignedByte(); // flags
    in.readShort(); // stream id
    int responseOpcode = in.readUnsignedByte();
    int length = in.readInt();
    if ((version & RESPONSE) == 0 || length < 0 || length > 1 << 20) {
      throw new IOException("not a CQL v4 response (version byte " + version + ", length " + length + ")");
    }
    byte[] responseBody = new byte[length];
    in.readFully(responseBody);
    return new Response(responseOpcode, responseBody);
  }

  private static String errorMessage(byte[] body) throws IOException {
    DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(body));
    int code = in.readInt();
    byte[] message = new byte[in.readUnsignedShort()];
    in.readFully(message);
    return String.format("error 0x%04x: %s", code, new String(message, StandardCharsets.UTF_8));
  }

  private static void writeString(DataOutputStream out, String value) throws IOException {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeShort(bytes.length);
    out.write(bytes);
  }
}
