package dev.activeactive.spring.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Asks one memcached server for its {@code version} on a fresh connection, within a deadline. A frozen server
 * (SIGSTOP, a hung host) still accepts TCP connections from the kernel's backlog but never answers, so only an
 * answer counts, not a connect.
 */
final class ZoneProbe {

  private final Duration timeout;

  ZoneProbe(Duration timeout) {
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("active-active.health.zone-probe-timeout must be positive: " + timeout);
    }
    this.timeout = timeout;
  }

  /** Empty when the server answered; otherwise why not, for the health details. */
  Optional<String> problem(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    int millis = (int) Math.max(1, timeout.toMillis());
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon
          + 1))), millis);
      socket.setSoTimeout(millis);
      OutputStream out = socket.getOutputStream();
      out.write("version\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String line = readLine(socket.getInputStream());
      return line.startsWith("VERSION ") ? Optional.empty() : Optional.of("unexpected answer: " + line);
    } catch (SocketTimeoutException e) {
      return Optional.of("no answer within " + timeout);
    } catch (IOException | RuntimeException e) {
      return Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != -1 && c != '\n' && line.length() < 200; c = in.read()) {
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }
}
