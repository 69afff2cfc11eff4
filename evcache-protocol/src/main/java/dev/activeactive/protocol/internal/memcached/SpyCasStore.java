package dev.activeactive.protocol.internal.memcached;

import dev.activeactive.protocol.api.zone.CasStore;
import dev.activeactive.protocol.api.zone.CasStore.CasItem;
import dev.activeactive.protocol.api.zone.CasStore.CasOutcome;
import dev.activeactive.protocol.api.zone.CasStore.StoreReply;
import dev.activeactive.protocol.api.zone.RawBytesTranscoder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import net.spy.memcached.CASResponse;
import net.spy.memcached.CASValue;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.MemcachedNode;
import net.spy.memcached.NodeLocator;
import net.spy.memcached.ops.GetsOperation;
import net.spy.memcached.ops.Operation;
import net.spy.memcached.ops.OperationStatus;
import net.spy.memcached.ops.StatusCode;
import net.spy.memcached.protocol.ascii.AsciiMemcachedNodeImpl;

/**
 * {@link CasStore} on a spymemcached {@link MemcachedClient} (text protocol), bridging its listenable futures to
 * {@link CompletableFuture}s with a deadline (spymemcached only enforces its operation timeout inside a blocking
 * {@code get}, so a future nobody blocks on could otherwise stay pending forever).
 *
 * <p>Thread-safe, like the client it wraps.
 */
public final class SpyCasStore implements CasStore {

  /** Keys per multi-key {@code gets} command: keeps each request line within a few tens of kilobytes. */
  static final int MAX_KEYS_PER_GETS = 100;

  private final MemcachedClient client;
  private final RawBytesTranscoder transcoder;
  private final SpyCommands commands;

  /**
   * @param commands issues the commands of one zone with a deadline and a bound (its client must use the text
   *     protocol); owned (and closed) by the caller
   * @param transcoder the raw transcoder, which also fixes the item size limit
   */
  public SpyCasStore(SpyCommands commands, RawBytesTranscoder transcoder) {
    this.commands = Objects.requireNonNull(commands, "commands");
    this.client = commands.client();
    this.transcoder = Objects.requireNonNull(transcoder, "transcoder");
    for (MemcachedNode node : client.getConnection().getLocator().getAll()) {
      if (!(node instanceof AsciiMemcachedNodeImpl)) {
        throw new IllegalArgumentException("SpyCasStore needs a text-protocol memcached client (multi-key gets); "
            + "build the client with ConnectionFactoryBuilder.Protocol.TEXT");
      }
    }
  }

  @Override
  public CompletableFuture<CasItem> gets(String key) {
    return commands.run(key, onDone -> client.asyncGets(key, transcoder).addListener(onDone::accept))
        .thenApply(value -> value == null ? null : toItem(value));
  }

  /**
   * One {@code gets} command per server and per {@value #MAX_KEYS_PER_GETS} keys instead of one per key. Values
   * are raw bytes (this store only ever holds envelopes, whatever their flags).
   */
  @Override
  public CompletableFuture<Map<String, CasItem>> getsAll(Collection<String> keys) {
    if (keys.isEmpty()) {
      return CompletableFuture.completedFuture(Map.of());
    }
    NodeLocator locator = client.getConnection().getLocator();
    Map<MemcachedNode, List<String>> byServer = new HashMap<>();
    for (String key : keys) {
      byServer.computeIfAbsent(locator.getPrimary(key), node -> new ArrayList<>()).add(key);
    }
    Map<String, CasItem> found = new ConcurrentHashMap<>();
    List<CompletableFuture<Void>> commands = new ArrayList<>();
    for (List<String> serverKeys : byServer.values()) {
      for (int from = 0; from < serverKeys.size(); from += MAX_KEYS_PER_GETS) {
        List<String> chunk = serverKeys.subList(from, Math.min(serverKeys.size(), from + MAX_KEYS_PER_GETS));
        commands.add(multiGets(List.copyOf(chunk), found));
      }
    }
    return CompletableFuture.allOf(commands.toArray(CompletableFuture[]::new)).thenApply(v -> found);
  }

  private CompletableFuture<Void> multiGets(List<String> keys, Map<String, CasItem> found) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    // routed by the first key: every key of the chunk hashes to the same server
    return commands.runOperation(keys.get(0), done, settle -> {
      MultiGetsCallback callback = new MultiGetsCallback(found, done, settle);
      MultiKeyGetsOperation operation = new MultiKeyGetsOperation(keys, callback);
      callback.operation = operation;
      client.getConnection().enqueueOperation(keys.get(0), operation);
      return operation::cancel;
    });
  }

  @Override
  public CompletableFuture<Boolean> add(String key, int expiry, byte[] bytes) {
    return commands.run(key, onDone -> client.add(key, expiry, bytes, transcoder).addListener(onDone::accept));
  }

  @Override
  public CompletableFuture<CasOutcome> cas(String key, long cas, int expiry, byte[] bytes) {
    return commands.<CASResponse>run(key, onDone -> client.asyncCAS(key, cas, expiry, bytes, transcoder)
        .addListener(onDone::accept)).thenApply(SpyCasStore::toOutcome);
  }

  /** A meta-protocol {@code ms} in add mode, which reports the new item's CAS id. */
  @Override
  public CompletableFuture<StoreReply> addReturningCas(String key, int expiry, byte[] bytes) {
    checkSize(bytes);
    return metaStore(key, callback -> MetaStoreOperation.add(key, expiry, RawBytesTranscoder.ITEM_FLAGS, bytes,
        callback));
  }

  /** A meta-protocol {@code ms} with a CAS to compare, which reports the stored item's new CAS id. */
  @Override
  public CompletableFuture<StoreReply> casReturningCas(String key, long cas, int expiry, byte[] bytes) {
    checkSize(bytes);
    return metaStore(key, callback -> MetaStoreOperation.cas(key, cas, expiry, RawBytesTranscoder.ITEM_FLAGS,
        bytes, callback));
  }

  /** The transcoder's size check, which spymemcached's own stores apply while encoding. */
  private void checkSize(byte[] bytes) {
    transcoder.encode(bytes);
  }

  private CompletableFuture<StoreReply> metaStore(String key,
      java.util.function.Function<MetaStoreOperation.Callback, MetaStoreOperation> build) {
    CompletableFuture<StoreReply> done = new CompletableFuture<>();
    return commands.runOperation(key, done, settle -> {
      MetaStoreCallback callback = new MetaStoreCallback(done, settle);
      MetaStoreOperation operation = build.apply(callback);
      callback.operation = operation;
      client.getConnection().enqueueOperation(key, operation);
      return operation::cancel;
    });
  }

  @Override
  public CompletableFuture<Boolean> delete(String key) {
    return commands.run(key, onDone -> client.delete(key).addListener(onDone::accept));
  }

  private static CasItem toItem(CASValue<byte[]> value) {
    return new CasItem(value.getCas(), value.getValue());
  }

  private static CasOutcome toOutcome(CASResponse response) {
    return switch (response) {
      case OK -> CasOutcome.STORED;
      case EXISTS -> CasOutcome.CHANGED;
      case NOT_FOUND -> CasOutcome.NOT_FOUND;
      default -> throw new IllegalStateException("unexpected CAS response " + response);
    };
  }

  /** Completes a meta store; runs on the I/O thread, so it only stores and completes. */
  private static final class MetaStoreCallback implements MetaStoreOperation.Callback {
    private final CompletableFuture<StoreReply> done;
    private final Consumer<Boolean> settle;
    private volatile MetaStoreOperation operation;
    private volatile StoreReply reply;
    private volatile OperationStatus failure;

    MetaStoreCallback(CompletableFuture<StoreReply> done, Consumer<Boolean> settle) {
      this.done = done;
      this.settle = settle;
    }

    @Override
    public void replied(StoreReply reply) {
      this.reply = reply;
    }

    @Override
    public void receivedStatus(OperationStatus status) {
      if (!status.isSuccess()) {
        failure = status;
      }
    }

    @Override
    public void complete() {
      MetaStoreOperation op = operation;
      settle.accept(op != null && op.isCancelled());
      if (op != null && op.getException() != null) {
        done.completeExceptionally(op.getException());
      } else if (op != null && (op.isCancelled() || op.isTimedOut())) {
        done.completeExceptionally(new CancellationException(
            "meta store " + (op.isCancelled() ? "cancelled (server down or connection lost)" : "timed out")));
      } else if (reply == null || failure != null) {
        done.completeExceptionally(new IllegalStateException("meta store failed: "
            + (failure == null ? "no reply" : failure.getMessage())));
      } else {
        done.complete(reply);
      }
    }
  }

  /** Collects a multi-key reply; runs on the I/O thread, so it only stores and completes. */
  private static final class MultiGetsCallback implements GetsOperation.Callback {
    private final Map<String, CasItem> found;
    private final CompletableFuture<Void> done;
    private final Consumer<Boolean> settle;
    private volatile Operation operation;
    private volatile OperationStatus failure;

    MultiGetsCallback(Map<String, CasItem> found, CompletableFuture<Void> done, Consumer<Boolean> settle) {
      this.found = found;
      this.done = done;
      this.settle = settle;
    }

    @Override
    public void gotData(String key, int flags, long cas, byte[] data) {
      found.put(key, new CasItem(cas, data));
    }

    @Override
    public void receivedStatus(OperationStatus status) {
      // END with or without values is success; NOT_FOUND here only means none of the keys was there
      if (!status.isSuccess() && status.getStatusCode() != StatusCode.ERR_NOT_FOUND) {
        failure = status;
      }
    }

    @Override
    public void complete() {
      Operation op = operation;
      settle.accept(op != null && op.isCancelled());
      if (op != null && op.getException() != null) {
        done.completeExceptionally(op.getException());
      } else if (op != null && (op.isCancelled() || op.isTimedOut())) {
        done.completeExceptionally(new CancellationException(
            "multi-key gets " + (op.isCancelled() ? "cancelled (server down or connection lost)" : "timed out")));
      } else if (failure != null) {
        done.completeExceptionally(new IllegalStateException("multi-key gets failed: " + failure));
      } else {
        done.complete(null);
      }
    }
  }
}
