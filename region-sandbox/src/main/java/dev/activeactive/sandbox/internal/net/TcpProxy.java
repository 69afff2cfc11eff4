package dev.activeactive.sandbox.internal.net;

import dev.activeactive.sandbox.api.PartitionMode;
import dev.activeactive.sandbox.api.WanProfile;
import dev.activeactive.sandbox.internal.net.PathGate.State;
import java.io.IOException;
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
 * A TCP forwarder standing on the path between two regions, so that the path can be given a WAN's shape
 * ({@link WanProfile}: delay, jitter, bandwidth) or partitioned ({@link PartitionMode}) without touching either
 * end. Each direction of each connection is a {@link DelayLine}.
 *
 * <p>A new connection costs one round trip before its first byte arrives, as TCP's handshake would over the
 * emulated path (the local handshake with this proxy is instant).
 */
public final class TcpProxy implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TcpProxy.class);
  private static final int BACKLOG = 64;

  private final String name;
  private final InetSocketAddress target;
  private final ServerSocket server;
  private final PathGate gate = new PathGate();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /** Binds at once (so the address is known), forwards once {@link #start()} is called. */
  public TcpProxy(String name, String listenAddress, InetSocketAddress target) throws IOException {
    this(name, new InetSocketAddress(InetAddress.getByName(listenAddress), 0), target);
  }

  /** Binds {@code listen} (port 0: any free port) at once, forwards once {@link #start()} is called. */
  public TcpProxy(String name, InetSocketAddress listen, InetSocketAddress target) throws IOException {
    this.name = name;
    this.target = target;
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(listen, BACKLOG);
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

  /** Cuts the path: see {@link PartitionMode} for what each end then sees. */
  public void partition(PartitionMode mode) {
    gate.state(State.of(mode));
    if (mode == PartitionMode.RESET) {
      for (Socket socket : open) {
        reset(socket);
      }
    }
    log.info("path {} partitioned ({})", name, mode.name().toLowerCase(java.util.Locale.ROOT));
  }

  /** Resets every open connection and refuses new ones until {@link #heal()}. */
  public void partition() {
    partition(PartitionMode.RESET);
  }

  /** Lets bytes and connections through again; the WAN profile stays as it is. Stalled connections resume. */
  public void heal() {
    if (gate.state() != State.OPEN) {
      gate.state(State.OPEN);
      log.info("path {} healed", name);
    }
  }

  /** The partition in force, or null while the path is open. */
  public PartitionMode partitionMode() {
    return switch (gate.state()) {
      case OPEN -> null;
      case RESET -> PartitionMode.RESET;
      case BLACKHOLE -> PartitionMode.BLACKHOLE;
    };
  }

  public boolean isPartitioned() {
    return gate.state() != State.OPEN;
  }

  /** Gives the path this WAN shape, for bytes that arrive from now on. */
  public void setProfile(WanProfile profile) {
    gate.profile(profile);
  }

  public WanProfile profile() {
    return gate.profile();
  }

  /** Sets only the one-way delay (no jitter, no bandwidth limit); zero removes it. */
  public void setLatency(Duration oneWay) {
    if (oneWay.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative: " + oneWay);
    }
    setProfile(oneWay.isZero() ? WanProfile.NONE : WanProfile.oneWay(oneWay));
  }

  public Duration latency() {
    return gate.oneWayDelay();
  }

  /** "up", or the partition in force; for status listings. */
  public String stateName() {
    PartitionMode mode = partitionMode();
    return mode == null ? "up" : "partitioned (" + mode.name().toLowerCase(java.util.Locale.ROOT) + ")";
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        // A blackholed path leaves new connections in the kernel's backlog; past it, SYNs go unanswered.
        gate.awaitNotBlackholed();
        Socket client = server.accept();
        long acceptedAt = System.nanoTime();
        if (gate.state() == State.RESET) {
          reset(client);
          continue;
        }
        Thread connector = new Thread(() -> connect(client, acceptedAt), "proxy-" + name + "-connect");
        connector.setDaemon(true);
        connector.start();
      } catch (IOException e) {
        if (!closed) {
          log.warn("proxy {} stopped accepting: {}", name, e.getMessage());
        }
        return;
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void connect(Socket client, long acceptedAt) {
    Socket upstream = new Socket();
    try {
      gate.awaitNotBlackholed(); // accepted just as a blackhole began: hang like the others
      upstream.setTcpNoDelay(true);
      client.setTcpNoDelay(true);
      upstream.connect(target, 5_000);
      open.add(client);
      open.add(upstream);
      if (closed || gate.state() == State.RESET) {
        throw new SocketException("path partitioned");
      }
      Runnable end = () -> {
        open.remove(client);
        open.remove(upstream);
        closeQuietly(client);
        closeQuietly(upstream);
      };
      long handshake = gate.oneWayDelay().toNanos() * 2;
      // the client's first bytes leave after the emulated SYN/SYN-ACK round trip, then take one more delay
      new DelayLine(gate, client.getInputStream(), upstream.getOutputStream(), acceptedAt + handshake + handshake / 2,
          end).start("proxy-" + name + "-up");
      new DelayLine(gate, upstream.getInputStream(), client.getOutputStream(), Long.MIN_VALUE, end)
          .start("proxy-" + name + "-down");
    } catch (IOException | InterruptedException e) {
      open.remove(client);
      open.remove(upstream);
      reset(client);
      closeQuietly(upstream);
    }
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
    gate.state(State.RESET); // wakes anything waiting out a blackhole, so its thread ends
    for (Socket socket : open) {
      closeQuietly(socket);
    }
  }
}
