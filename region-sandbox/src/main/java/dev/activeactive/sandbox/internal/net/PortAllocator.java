package dev.activeactive.sandbox.internal.net;

import dev.activeactive.sandbox.api.SandboxException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Finds free TCP ports on a given loopback address, and checks that a chosen one is free. */
public final class PortAllocator {
  private PortAllocator() {}

  /** A port that nothing listens on at {@code address} right now. */
  public static int freePort(String address) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new SandboxException("Cannot bind to " + address + ": " + e.getMessage()
          + ". The sandbox gives each region its own loopback address (127.0.0.1, 127.0.0.2, ...); on Linux the"
          + " whole 127.0.0.0/8 range works out of the box, on macOS add aliases with"
          + " 'sudo ifconfig lo0 alias 127.0.0.2 up'.", e);
    }
  }

  /** Fails fast with a clear message when {@code port} is taken at {@code address}. */
  public static void requireFree(String address, int port, String purpose) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
    } catch (IOException e) {
      throw new SandboxException("Port " + address + ":" + port + " for " + purpose
          + " is taken by another process (" + e.getMessage() + "). Stop that process, or run"
          + " './sandbox down' if it is an earlier sandbox.", e);
    }
  }
}
