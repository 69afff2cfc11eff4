package dev.activeactive.sandbox.internal.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP forwarder standing on the path between two regions, so that the path can be cut (partition) or
 * slowed (latency) without touching either end. One thread per direction per connection: the paths carry a
 * few dozen SDK connections at most.
 */
public final class TcpProxy implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TcpProxy.class);

  private final String name;
  private final InetSocketAddress target;
  private final ServerSocket server;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean partitioned;
  private volatile long latencyNanos;
  private volatile boolean closed;

  /** Binds at once (so the address is known), forwards once {@link #start()} is called. */
  public TcpProxy(String name, String listenAddress, InetSocketAddress target) throws IOException {
    this.name = name;
    this.target = target;
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getByName(listenAddress), 0), 128);
  }

  public TcpProxy start() {
    Thread acceptor = new Thread(this::acceptLoop, "proxy-" + name);
    acceptor.setDaemon(true);
    acceptor.start();
    return this;
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  public String name() {
    return name;
  }

  /** Resets every open connection and refuses new ones until {@link #heal()}. */
  public void partition() {
    partitioned = true;
    for (Socket socket : open) {
      reset(socket);
    }
    log.info("queue path {} partitioned", name);
  }

  /** Lets connections through again and removes any latency. */
  public void heal() {
    partitioned = false;
    latencyNanos = 0;
    log.info("queue path {} healed", name);
  }

  public boolean isPartitioned() {
    return partitioned;
  }

  /** Holds back every chunk of bytes, in both directions, by this much; zero removes it. */
  public void setLatency(Duration latency) {
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative: " + latency);
    }
    latencyNanos = latency.toNanos();
  }

  public Duration latency() {
    return Duration.ofNanos(latencyNanos);
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        if (!closed) {
          log.warn("proxy {} stopped accepting: {}", name, e.getMessage());
        }
        return;
      }
      if (partitioned) {
        reset(client);
        continue;
      }
      connect(client);
    }
  }

  private void connect(Socket client) {
    Socket upstream = new Socket();
    try {
      upstream.setTcpNoDelay(true);
      client.setTcpNoDelay(true);
      upstream.connect(target, 5_000);
    } catch (IOException e) {
      reset(client);
      closeQuietly(upstream);
      return;
    }
    open.add(client);
    open.add(upstream);
    pump(client, upstream, "up");
    pump(upstream, client, "down");
  }

  private void pump(Socket from, Socket to, String direction) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          long delay = latencyNanos;
          if (delay > 0) {
            Thread.sleep(delay / 1_000_000, (int) (delay % 1_000_000));
          }
          if (partitioned) {
            break;
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        // the connection ended or was reset by a partition; both sides are closed below
      } finally {
        open.remove(from);
        open.remove(to);
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "proxy-" + name + "-" + direction);
    thread.setDaemon(true);
    thread.start();
  }

  /** Closes with SO_LINGER 0, so the peer sees a reset at once rather than a slow timeout. */
  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (SocketException ignored) {
      // already closed
    }
    closeQuietly(socket);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing left to release
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // nothing left to release
    }
    for (Socket socket : open) {
      closeQuietly(socket);
    }
  }
}
