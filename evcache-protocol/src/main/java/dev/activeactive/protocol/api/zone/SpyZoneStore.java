package dev.activeactive.protocol.api.zone;

import dev.activeactive.protocol.internal.memcached.CommandDeadlines;
import dev.activeactive.protocol.internal.memcached.SpyCasStore;
import dev.activeactive.protocol.internal.memcached.SpyFutures;
import dev.activeactive.protocol.internal.memcached.SpyLogging;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.spy.memcached.AddrUtil;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.DefaultHashAlgorithm;
import net.spy.memcached.FailureMode;
import net.spy.memcached.MemcachedClient;

/**
 * A zone reached with spymemcached: ketama consistent hashing over the zone's servers, the text protocol, raw
 * byte items, failing fast when a server is down ({@link FailureMode#Cancel}, so a read can fall back to another
 * zone at once instead of waiting), completion listeners run inline on the I/O thread, and a timeout on every
 * future (one sweep of a FIFO of deadlines, not a timer task per command).
 *
 * <p>Thread-safe.
 */
public final class SpyZoneStore implements ZoneStore {
  /** The longest wait between attempts to reconnect to a server that went away. */
  static final long MAX_RECONNECT_DELAY_SECONDS = 2;

  static {
    SpyLogging.routeToSlf4jUnlessChosen();
  }

  private final String name;
  private final MemcachedClient client;
  private final RawBytesTranscoder transcoder;
  private final CommandDeadlines deadlines;
  private final SpyCasStore cas;

  private SpyZoneStore(String name, MemcachedClient client, RawBytesTranscoder transcoder, Duration timeout) {
    this.name = name;
    this.client = client;
    this.transcoder = transcoder;
    this.deadlines = new CommandDeadlines(timeout);
    this.cas = new SpyCasStore(client, transcoder, deadlines);
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
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    client.asyncGet(key, transcoder).addListener(done -> SpyFutures.complete(result, done));
    return withTimeout(result);
  }

  @Override
  public CompletableFuture<Map<String, byte[]>> getBulk(Collection<String> keys) {
    CompletableFuture<Map<String, byte[]>> result = new CompletableFuture<>();
    client.asyncGetBulk(keys, transcoder).addListener(done -> SpyFutures.complete(result, done));
    return withTimeout(result);
  }

  @Override
  public CompletableFuture<Boolean> set(String key, int expiry, byte[] bytes) {
    CompletableFuture<Boolean> result = new CompletableFuture<>();
    client.set(key, expiry, bytes, transcoder).addListener(done -> SpyFutures.complete(result, done));
    return withTimeout(result);
  }

  @Override
  public CompletableFuture<Boolean> touch(String key, int expiry) {
    CompletableFuture<Boolean> result = new CompletableFuture<>();
    client.touch(key, expiry).addListener(done -> SpyFutures.complete(result, done));
    return withTimeout(result);
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

  @Override
  public CompletableFuture<Boolean> delete(String key) {
    return cas.delete(key);
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

  /** Empties every server of the zone ({@code flush_all}); completes with whether all of them did. */
  public CompletableFuture<Boolean> flushAll() {
    CompletableFuture<Boolean> result = new CompletableFuture<>();
    client.flush().addListener(done -> SpyFutures.complete(result, done));
    return withTimeout(result);
  }

  @Override
  public void close() {
    client.shutdown(2, TimeUnit.SECONDS);
    deadlines.close();
  }

  @Override
  public String toString() {
    return "SpyZoneStore{" + name + "}";
  }

  private <T> CompletableFuture<T> withTimeout(CompletableFuture<T> future) {
    return deadlines.watch(future);
  }
}
