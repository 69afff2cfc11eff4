package dev.activeactive.evcache.internal.memcached;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import net.spy.memcached.CASResponse;
import net.spy.memcached.CASValue;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.internal.OperationFuture;

/**
 * {@link CasStore} on a spymemcached {@link MemcachedClient}, bridging its listenable futures to
 * {@link CompletableFuture}s with a timeout (spymemcached only enforces its operation timeout inside a blocking
 * {@code get}, so a future nobody blocks on could otherwise stay pending forever).
 *
 * <p>Thread-safe, like the client it wraps.
 */
public final class SpyCasStore implements CasStore {

  private final MemcachedClient client;
  private final RawBytesTranscoder transcoder;
  private final long timeoutMillis;

  /**
   * @param client the client of one zone (its servers)
   * @param transcoder the raw transcoder, which also fixes the item size limit
   * @param timeout how long one command may take before its future fails with a timeout
   */
  public SpyCasStore(MemcachedClient client, RawBytesTranscoder transcoder, Duration timeout) {
    this.client = Objects.requireNonNull(client, "client");
    this.transcoder = Objects.requireNonNull(transcoder, "transcoder");
    this.timeoutMillis = timeout.toMillis();
  }

  @Override
  public CompletableFuture<CasItem> gets(String key) {
    return bridge(client.asyncGets(key, transcoder))
        .thenApply(value -> value == null ? null : toItem(value));
  }

  @Override
  public CompletableFuture<Boolean> add(String key, int expiry, byte[] bytes) {
    return bridge(client.add(key, expiry, bytes, transcoder));
  }

  @Override
  public CompletableFuture<CasOutcome> cas(String key, long cas, int expiry, byte[] bytes) {
    return bridge(client.asyncCAS(key, cas, expiry, bytes, transcoder)).thenApply(SpyCasStore::toOutcome);
  }

  @Override
  public CompletableFuture<Boolean> delete(String key) {
    return bridge(client.delete(key));
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

  private <T> CompletableFuture<T> bridge(OperationFuture<T> future) {
    CompletableFuture<T> result = new CompletableFuture<>();
    future.addListener(done -> {
      try {
        @SuppressWarnings("unchecked")
        T value = (T) done.get();
        result.complete(value);
      } catch (ExecutionException e) {
        result.completeExceptionally(e.getCause() != null ? e.getCause() : e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        result.completeExceptionally(e);
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    return result.orTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }
}
