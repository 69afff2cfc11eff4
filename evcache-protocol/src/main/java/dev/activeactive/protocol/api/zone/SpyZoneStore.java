package dev.activeactive.protocol.api.zone;

import dev.activeactive.protocol.internal.memcached.SpyCasStore;
import dev.activeactive.protocol.internal.memcached.SpyCommands;
import dev.activeactive.protocol.internal.memcached.SpyLogging;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.spy.memcached.AddrUtil;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.ConnectionObserver;
import net.spy.memcached.DefaultHashAlgorithm;
import net.spy.memcached.FailureMode;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.MemcachedNode;

/**
 * A zone reached with spymemcached: ketama consistent hashing over the zone's servers, the text protocol, raw
 * byte items, failing fast when a server is down ({@link FailureMode#Cancel}, so a read can fall back to another
 * zone at once instead of waiting), completion listeners run inline on the I/O thread, and a timeout on every
 * future (one sweep of a FIFO of deadlines, not a timer task per command).
 *
 * <p><b>Timeouts and the bound.</b> A command that misses the timeout fails with a
 * {@link java.util.concurrent.TimeoutException} and is cancelled, so spymemcached does not send it if it has not
 * yet. Until the server has answered it or spymemcached has dropped it, it still counts towards
 * {@link #MAX_COMMANDS_OUTSTANDING}; a command beyond that bound fails at once with an
 * {@link IllegalStateException} that names the zone. So a frozen or blackholed server costs a bounded backlog,
 * and no call ever waits for room in spymemcached's queues.
 *
 * <p>Thread-safe.
 */
public final class SpyZoneStore implements ZoneStore {
  /** The longest wait between attempts to reconnect to a server that went away. */
  static final long MAX_RECONNECT_DELAY_SECONDS = 2;

  static {
    SpyLogging.routeToSlf4jUnlessChosen();
  }

  /**
   * Commands the zone may have outstanding at once, counting those that timed out until the server has answered
   * or dropped them; beyond it commands fail at once ({@link #commandsOutstanding()}).
   */
  public static final int MAX_COMMANDS_OUTSTANDING = SpyCommands.DEFAULT_MAX_OUTSTANDING;

  private final String name;
  private final MemcachedClient client;
  private final RawBytesTranscoder transcoder;
  private final SpyCommands commands;
  private final SpyCasStore cas;
  private final AtomicLong generation = new AtomicLong();

  private SpyZoneStore(String name, MemcachedClient client, RawBytesTranscoder transcoder, Duration timeout) {
    this.name = name;
    this.client = client;
    this.transcoder = transcoder;
    this.commands = new SpyCommands(name, client, timeout, MAX_COMMANDS_OUTSTANDING);
    this.cas = new SpyCasStore(commands, transcoder);
    // a server that comes back may be a restarted one, whose CAS counter started again
    client.addObserver(new ConnectionObserver() {
      @Override
      public void connectionEstablished(SocketAddress server, int reconnectCount) {
        generation.incrementAndGet();
      }

      @Override
      public void connectionLost(SocketAddress server) {
        generation.incrementAndGet();
      }
    });
  }

  /**
   * Connects to a zone's servers (in the background; servers that are down are retried).
   *
   * @param name the zone's name
   * @param servers {@code host:port} of each server
   * @param maxItemBytes the largest item the transcoder accepts
   * @param timeout operation timeout
   */
  public static SpyZoneStore connect(String name, List<String> servers, int maxItemBytes, Duration timeout) {
    Objects.requireNonNull(name, "name");
    try {
      MemcachedClient client = new MemcachedClient(new ConnectionFactoryBuilder()
          .setProtocol(ConnectionFactoryBuilder.Protocol.TEXT)
          .setLocatorType(ConnectionFactoryBuilder.Locator.CONSISTENT)
          .setHashAlg(DefaultHashAlgorithm.KETAMA_HASH)
          .setFailureMode(FailureMode.Cancel)
          .setOpTimeout(timeout.toMillis())
          // spymemcached backs off reconnects up to 30 s by default: a zone back after a 12 s outage was not
          // used again for another half minute; retry at least every 2 s
          .setMaxReconnectDelay(MAX_RECONNECT_DELAY_SECONDS)
          .setListenerExecutorService(InlineExecutorService.INSTANCE)
          .setDaemon(true)
          .build(), AddrUtil.getAddresses(String.join(" ", servers)));
      return new SpyZoneStore(name, client, new RawBytesTranscoder(maxItemBytes), timeout);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a memcached client for zone " + name, e);
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CompletableFuture<byte[]> get(String key) {
    return commands.run(key, onDone -> client.asyncGet(key, transcoder).addListener(onDone::accept));
  }

  @Override
  public CompletableFuture<Map<String, byte[]>> getBulk(Collection<String> keys) {
    return commands.runOnKeys(keys, onDone -> client.asyncGetBulk(keys, transcoder).addListener(onDone::accept));
  }

  @Override
  public CompletableFuture<Boolean> set(String key, int expiry, byte[] bytes) {
    return commands.run(key, onDone -> client.set(key, expiry, bytes, transcoder).addListener(onDone::accept));
  }

  @Override
  public CompletableFuture<Boolean> touch(String key, int expiry) {
    return commands.<Boolean>run(key, onDone -> client.touch(key, expiry).addListener(onDone::accept));
  }

  @Override
  public CompletableFuture<CasItem> gets(String key) {
    return cas.gets(key);
  }

  @Override
  public CompletableFuture<Map<String, CasItem>> getsAll(Collection<String> keys) {
    return cas.getsAll(keys);
  }

  @Override
  public CompletableFuture<Boolean> add(String key, int expiry, byte[] bytes) {
    return cas.add(key, expiry, bytes);
  }

  @Override
  public CompletableFuture<CasOutcome> cas(String key, long casId, int expiry, byte[] bytes) {
    return cas.cas(key, casId, expiry, bytes);
  }

  /** A meta-protocol {@code ms} (memcached 1.6+) in add mode, reporting the new item's CAS id. */
  @Override
  public CompletableFuture<StoreReply> addReturningCas(String key, int expiry, byte[] bytes) {
    return cas.addReturningCas(key, expiry, bytes);
  }

  /** A meta-protocol {@code ms} (memcached 1.6+) with a CAS to compare, reporting the new CAS id. */
  @Override
  public CompletableFuture<StoreReply> casReturningCas(String key, long casId, int expiry, byte[] bytes) {
    return cas.casReturningCas(key, casId, expiry, bytes);
  }

  /** Moves on whenever a connection to one of the zone's servers is lost or made (see the interface). */
  @Override
  public long casGeneration() {
    return generation.get();
  }

  @Override
  public CompletableFuture<Boolean> delete(String key) {
    return cas.delete(key);
  }

  /**
   * Commands outstanding now: issued and not yet answered, or timed out and possibly still held by spymemcached;
   * at most {@link #MAX_COMMANDS_OUTSTANDING}.
   */
  public int commandsOutstanding() {
    return commands.outstanding();
  }

  /** Whether every server of the zone is connected. */
  public boolean allServersAvailable() {
    return client.getUnavailableServers().isEmpty();
  }

  /**
   * Whether every server of the zone answers a {@code version} command within the operation timeout now. A
   * frozen or blackholed server keeps its connection, so {@link #allServersAvailable()} alone stays true for it.
   * Blocks up to the operation timeout: call it from a probe thread, never from an I/O or completion thread.
   */
  public boolean allServersAnswer() {
    if (!allServersAvailable()) {
      return false;
    }
    int servers = client.getNodeLocator().getAll().size();
    Map<java.net.SocketAddress, String> versions = client.getVersions();
    return versions.size() == servers && versions.values().stream().allMatch(Objects::nonNull);
  }

  /**
   * Each server's memcached version ({@code version} command), by {@code host:port}; {@code null} for a server that
   * did not answer within the operation timeout. Blocks up to that timeout: not for I/O or completion threads.
   */
  public Map<String, String> serverVersions() {
    Map<String, String> byServer = new java.util.TreeMap<>();
    for (MemcachedNode node : client.getNodeLocator().getAll()) {
      byServer.put(describe(node.getSocketAddress()), null);
    }
    client.getVersions().forEach((address, version) -> byServer.put(describe(address), version));
    return byServer;
  }

  private static String describe(java.net.SocketAddress address) {
    if (address instanceof java.net.InetSocketAddress inet) {
      return inet.getHostString() + ":" + inet.getPort();
    }
    return String.valueOf(address);
  }

  /**
   * Whether a memcached version speaks the meta protocol ({@code ms}, {@code mg}): 1.6 and later. A version that
   * cannot be read is given the benefit of the doubt.
   */
  public static boolean speaksMetaProtocol(String version) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+)\\.(\\d+)").matcher(version.trim());
    if (!m.find()) {
      return true;
    }
    int major = Integer.parseInt(m.group(1));
    int minor = Integer.parseInt(m.group(2));
    return major > 1 || major == 1 && minor >= 6;
  }

  /** Empties every server of the zone ({@code flush_all}); completes with whether all of them did. */
  public CompletableFuture<Boolean> flushAll() {
    return commands.runOnAll(onDone -> client.flush().addListener(onDone::accept));
  }

  @Override
  public void close() {
    client.shutdown(2, TimeUnit.SECONDS);
    commands.close();
  }

  /** Commands outstanding, timed-out ones and spymemcached's queues per server: for diagnostics. */
  public String describeBacklog() {
    return commands.describe();
  }

  @Override
  public String toString() {
    return "SpyZoneStore{" + name + "}";
  }

}
