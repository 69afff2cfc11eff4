package dev.activeactive.sandbox.internal.net;

import dev.activeactive.sandbox.api.SandboxException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks free TCP ports for the sandbox's servers and checks, before a start, that a chosen one is still free.
 *
 * <p>Ports come from below the kernel's ephemeral range. A port the kernel handed out once (bind to port 0) is
 * handed out again as the source port of outgoing connections, and on a loopback-heavy sandbox one of them soon
 * squats on the port in the seconds before a server binds it, or before a stopped server comes back on it.
 */
public final class PortAllocator {
  private static final int ATTEMPTS = 200;
  private static final int LOWEST = 15000;
  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  private static final int DEFAULT_EPHEMERAL_START = 32768;

  private PortAllocator() {}

  /** A port that nothing listens on at {@code address} right now. */
  public static int freePort(String address) {
    return freeOnAll(List.of(address), Set.of());
  }

  /**
   * A port free on every one of {@code addresses} and not among {@code taken} ({@code address:port} strings);
   * fails with a hint when an address is not usable at all.
   */
  public static int freeOnAll(List<String> addresses, Set<String> taken) {
    addresses.forEach(PortAllocator::ephemeralPort);
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int candidate = candidate(addresses.get(0));
      boolean usable = addresses.stream()
          .allMatch(a -> !taken.contains(a + ":" + candidate) && isFree(a, candidate));
      if (usable) {
        return candidate;
      }
    }
    throw new SandboxException("Found no TCP port free on all of " + addresses + " after " + ATTEMPTS
        + " attempts; check that these loopback addresses exist (`ip addr show lo`).");
  }

  /** Fails fast with a clear message when {@code port} is taken at {@code address}. */
  public static void requireFree(String address, int port, String purpose) {
    if (!isFree(address, port)) {
      throw new SandboxException("Port " + address + ":" + port + " for " + purpose
          + " is taken by another process. Stop that process (see `ss -ltnp`), or run './sandbox down' if it is"
          + " an earlier sandbox.");
    }
  }

  /** Whether a listener could bind {@code address:port} now (a port in TIME_WAIT counts as free, as for servers). */
  public static boolean isFree(String address, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int candidate(String address) {
    int ephemeralStart = ephemeralStart();
    if (ephemeralStart - LOWEST < 1000) {
      return ephemeralPort(address); // an unusual kernel setting leaves no room below; take what we get
    }
    return ThreadLocalRandom.current().nextInt(LOWEST, ephemeralStart);
  }

  private static int ephemeralStart() {
    // readLine, not readString: procfs files claim size 0 and Files.readString then returns a single byte
    try (var reader = Files.newBufferedReader(EPHEMERAL_RANGE)) {
      return Integer.parseInt(reader.readLine().trim().split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return DEFAULT_EPHEMERAL_START; // not Linux: the IANA dynamic range starts higher, so this is safe
    }
  }

  private static int ephemeralPort(String address) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new SandboxException("Cannot bind to " + address + " (" + e.getMessage()
          + "); the sandbox gives each region its own loopback address. On Linux all of 127.0.0.0/8 works; on"
          + " macOS add it with `sudo ifconfig lo0 alias " + address + "`.", e);
    }
  }
}
