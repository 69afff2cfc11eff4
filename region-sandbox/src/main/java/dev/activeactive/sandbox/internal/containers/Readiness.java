package dev.activeactive.sandbox.internal.containers;

import dev.activeactive.sandbox.api.SandboxAws;
import dev.activeactive.sandbox.api.SandboxException;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Checks, from the host, that a containerised server really serves. A bare TCP connect is not enough: Docker's
 * port forwarder accepts connections before the server inside listens, so every probe waits for an answer in
 * the server's own protocol.
 */
final class Readiness {
  private static final byte CQL_V4_REQUEST = 0x04;
  private static final byte CQL_V4_RESPONSE = (byte) 0x84;
  private static final byte CQL_OPTIONS = 0x05;
  private static final byte CQL_SUPPORTED = 0x06;

  private Readiness() {}

  /** Polls {@code ready} until it holds, or fails after {@code timeout} naming {@code what}. */
  static void await(String what, Duration timeout, BooleanSupplier ready) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ready.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new SandboxException(what + " did not serve within " + timeout.toSeconds() + " s. Its container"
            + " log is in the Testcontainers output above; 'docker ps -a' lists the container.");
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SandboxException("Interrupted while waiting for " + what, e);
      }
    }
  }

  /** memcached answers {@code version}. */
  static boolean memcachedAnswers(InetSocketAddress address) {
    try (Socket socket = connect(address)) {
      OutputStream out = socket.getOutputStream();
      out.write("version\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
          .readLine();
      return line != null && line.startsWith("VERSION");
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Cassandra answers a native-protocol OPTIONS request with SUPPORTED. It opens the CQL port only once it
   * has joined the ring, so an answer means it serves queries.
   */
  static boolean cqlAnswers(InetSocketAddress address) {
    try (Socket socket = connect(address)) {
      // frame header: version, flags, stream (2 bytes), opcode, body length (4 bytes); OPTIONS has no body
      byte[] options = {CQL_V4_REQUEST, 0, 0, 0, CQL_OPTIONS, 0, 0, 0, 0};
      OutputStream out = socket.getOutputStream();
      out.write(options);
      out.flush();
      byte[] header = new byte[9];
      new DataInputStream(socket.getInputStream()).readFully(header);
      return header[0] == CQL_V4_RESPONSE && header[4] == CQL_SUPPORTED;
    } catch (IOException e) {
      return false;
    }
  }

  /** The SQS server answers ListQueues through the AWS SDK. */
  static boolean sqsAnswers(URI endpoint, String region) {
    try (SqsClient sqs = SandboxAws.syncClient(endpoint, region)) {
      sqs.listQueues();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static Socket connect(InetSocketAddress address) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(address, 500);
      socket.setSoTimeout(2_000);
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }
}
