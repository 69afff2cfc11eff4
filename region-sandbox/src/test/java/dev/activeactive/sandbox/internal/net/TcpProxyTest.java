package dev.activeactive.sandbox.internal.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TcpProxyTest {
  private ServerSocket echo;
  private TcpProxy proxy;

  @BeforeEach
  void startEchoServerBehindProxy() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      while (!echo.isClosed()) {
        try {
          Socket s = echo.accept();
          new Thread(() -> {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
              in.transferTo(out);
            } catch (IOException ignored) {
              // peer went away
            }
          }).start();
        } catch (IOException e) {
          return;
        }
      }
    });
    t.setDaemon(true);
    t.start();
    proxy = new TcpProxy("test", "127.0.0.1", (InetSocketAddress) echo.getLocalSocketAddress()).start();
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    echo.close();
  }

  private String roundTrip(Socket socket, String text) throws IOException {
    socket.getOutputStream().write(text.getBytes());
    byte[] buffer = new byte[text.length()];
    int read = 0;
    while (read < buffer.length) {
      int n = socket.getInputStream().read(buffer, read, buffer.length - read);
      if (n < 0) {
        throw new IOException("closed after " + read + " bytes");
      }
      read += n;
    }
    return new String(buffer);
  }

  @Test
  void forwardsBothWays() throws IOException {
    try (Socket s = new Socket()) {
      s.connect(proxy.address(), 1_000);
      s.setSoTimeout(2_000);
      assertThat(roundTrip(s, "ping")).isEqualTo("ping");
    }
  }

  @Test
  void partitionResetsOpenConnectionsAndRefusesNewOnesUntilHealed() throws IOException {
    Socket open = new Socket();
    open.connect(proxy.address(), 1_000);
    open.setSoTimeout(2_000);
    assertThat(roundTrip(open, "a")).isEqualTo("a");

    proxy.partition();
    assertThatThrownBy(() -> roundTrip(open, "b")).isInstanceOf(IOException.class);
    // the reset may surface in connect or in the first read, depending on timing
    assertThatThrownBy(() -> {
      try (Socket fresh = new Socket()) {
        fresh.connect(proxy.address(), 1_000);
        fresh.setSoTimeout(2_000);
        roundTrip(fresh, "c");
      }
    }).isInstanceOf(IOException.class);

    proxy.heal();
    try (Socket healed = new Socket()) {
      healed.connect(proxy.address(), 1_000);
      healed.setSoTimeout(2_000);
      assertThat(roundTrip(healed, "d")).isEqualTo("d");
    }
    open.close();
  }
}
