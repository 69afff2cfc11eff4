package dev.activeactive.evcache.internal.client;

import dev.activeactive.evcache.api.EVCacheException;
import dev.activeactive.evcache.internal.publish.Publisher.Reservation;
import dev.activeactive.protocol.api.wire.Operation;
import dev.activeactive.protocol.api.wire.OperationType;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publish decision of a local write: room is reserved before the write (so a write that cannot be published
 * is refused before it changes anything); afterwards the operation is published when the write succeeded, and an
 * invalidation when it failed but may have landed in some zone. A failed write is silent only when no zone stored
 * it and every zone's failure is known to have changed nothing: a timed-out command may still be carried out, and
 * the other regions must not keep serving what this region may now have replaced.
 */
final class WritePublication {

  private static final Logger log = LoggerFactory.getLogger(WritePublication.class);

  private final ClientCore core;
  private final DatasetRuntime ds;

  WritePublication(ClientCore core, DatasetRuntime ds) {
    this.core = core;
    this.ds = ds;
  }

  /**
   * What to publish for a local write, or {@code null} when the dataset publishes nothing. It carries the
   * dataset's rules: the relay applies them as this client is configured.
   */
  Operation remoteOf(Operation local) {
    Operation withRules = local.withRules(ds.applyRules);
    return switch (ds.replication) {
      case NONE -> null;
      case INVALIDATE -> withRules.type() == OperationType.REPLICATE ? withRules.asInvalidate() : withRules;
      case REPLICATE -> withRules;
    };
  }

  /** Reserves room for {@code remote} ({@code null}: nothing to publish). */
  Reservation reserve(Operation remote) {
    if (remote == null) {
      return Reservation.NONE;
    }
    try {
      return core.publisher.reserve(remote);
    } catch (IllegalStateException closed) {
      throw new EVCacheException("the client is closed", closed);
    }
  }

  /**
   * Reserves room for {@code remote} without blocking the caller (an asynchronous write's thread may be a
   * memcached I/O thread): the future completes once room is reserved, or fails with the overflow error after
   * maxBlock. Refusals that need no waiting are thrown directly, as from {@link #reserve}.
   */
  CompletableFuture<Reservation> reserveAsync(Operation remote) {
    if (remote == null) {
      return NOTHING_RESERVED;
    }
    try {
      return core.publisher.reserveAsync(remote).exceptionally(e -> {
        Throwable cause = unwrap(e);
        throw cause instanceof IllegalStateException closed ? new EVCacheException("the client is closed", closed)
            : new CompletionException(cause);
      });
    } catch (IllegalStateException closed) {
      throw new EVCacheException("the client is closed", closed);
    }
  }

  private static final CompletableFuture<Reservation> NOTHING_RESERVED =
      CompletableFuture.completedFuture(Reservation.NONE);

  /**
   * After a write whose completion policy failed, once every zone answered: publishes an invalidation if a zone
   * stored the write or may have, otherwise releases the reservation.
   *
   * @param remote what was reserved ({@code null}: nothing)
   * @param results each zone's result, {@code null} where it failed
   * @param failures each zone's failure, {@code null} where it succeeded
   */
  void afterFailure(Reservation reservation, Operation remote, List<?> results, List<Throwable> failures) {
    if (remote == null) {
      return;
    }
    if (mayHaveLanded(results, failures)) {
      publishInvalidation(reservation, remote);
    } else {
      reservation.release();
    }
  }

  /** Whether a zone stored the write (answered at all) or failed in a way that may have stored it. */
  static boolean mayHaveLanded(List<?> results, List<Throwable> failures) {
    for (int i = 0; i < results.size(); i++) {
      if (results.get(i) != null && !Boolean.FALSE.equals(results.get(i))) {
        return true;
      }
      Throwable failure = failures.get(i);
      if (failure != null && !(unwrap(failure) instanceof NothingWrittenException)) {
        return true;
      }
    }
    return false;
  }

  /** Whether any zone's failure may have stored the write. */
  static boolean anyAmbiguous(List<Throwable> failures) {
    return failures.stream().anyMatch(f -> f != null && !(unwrap(f) instanceof NothingWrittenException));
  }

  /**
   * Publishes an invalidation in place of what was reserved: a value whose write failed must not reach the other
   * regions, while a tombstone (delete) is an invalidation already.
   */
  void publishInvalidation(Reservation reservation, Operation remote) {
    if (remote.type() != OperationType.REPLICATE) {
      reservation.publish();
      return;
    }
    // the invalidation is smaller than the value whose room is given back first, so this rarely has to wait;
    // this runs on a memcached I/O thread, which must not wait for room
    reservation.release();
    CompletableFuture<Reservation> invalidation;
    try {
      invalidation = core.publisher.reserveAsync(remote.asInvalidate());
    } catch (RuntimeException e) {
      invalidation = CompletableFuture.failedFuture(e);
    }
    invalidation.thenAccept(Reservation::publish).exceptionally(e -> {
      log.warn("dataset '{}': a write that failed locally may have landed, and its invalidation could not be"
          + " published ({}); the other regions may serve the previous value until it expires", ds.name,
          unwrap(e).toString());
      return null;
    });
  }

  private static Throwable unwrap(Throwable t) {
    Throwable e = Objects.requireNonNull(t);
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
