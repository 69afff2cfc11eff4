package dev.activeactive.evcache.internal.publish;

import dev.activeactive.evcache.api.OverflowPolicy;
import dev.activeactive.evcache.api.PublishOverflowException;
import dev.activeactive.evcache.internal.pack.MessagePacker;
import dev.activeactive.evcache.internal.spool.DiskSpool;
import dev.activeactive.evcache.internal.spool.WriteAheadJournal;
import dev.activeactive.protocol.api.wire.MessageCodec;
import dev.activeactive.protocol.api.wire.MessageSigner;
import dev.activeactive.protocol.api.wire.Operation;
import dev.activeactive.protocol.api.wire.OperationType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publisher of one client: a {@link RegionPublisher} per remote region, each independent of the others, and
 * the reservation logic that applies the overflow policy before a local write.
 *
 * <p>A REPLICATE whose value does not fit into one message is turned into an INVALIDATE here (counted), so that
 * every region receives the same operation.
 */
public final class DefaultPublisher implements Publisher {

  private static final Logger log = LoggerFactory.getLogger(DefaultPublisher.class);
  /** Journal segments are deleted whole once delivered; small ones give the space back soon. */
  private static final int JOURNAL_SEGMENT_BYTES = 4 * 1024 * 1024;

  private final String originRegion;
  private final MessageCodec codec;
  private final PublisherSettings settings;
  private final PublisherListener listener;
  private final Map<String, RegionPublisher> regions;
  private final int maxOperationBytes;
  private volatile boolean closed;
  /** Reservations neither published nor released: local writes in flight, which close waits for. */
  private int openReservations;
  private final Object reservationsLock = new Object();
  /** The non-blocking waits of BLOCK, or null under the other policies (which never wait). */
  private final AsyncReservations asyncReservations;

  /**
   * Creates and starts the region publishers.
   *
   * @param originRegion this client's region
   * @param senders a sender per remote region, in order; each is closed with its publisher
   * @param settings the settings
   * @param listener where events go
   * @throws UncheckedIOException if a spool cannot be opened (for example another process holds it)
   */
  public DefaultPublisher(String originRegion, Map<String, SqsSender> senders, PublisherSettings settings,
      PublisherListener listener) {
    this.originRegion = Objects.requireNonNull(originRegion, "originRegion");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.listener = Objects.requireNonNull(listener, "listener");
    MessageSigner signer = settings.signingSecret() == null ? null : MessageSigner.of(settings.signingSecret());
    this.codec = new MessageCodec(settings.maxBodyBytes(), signer);
    this.maxOperationBytes = codec.maxOperationBytes(originRegion);
    long producerId = new SecureRandom().nextLong();
    Map<String, RegionPublisher> built = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, SqsSender> e : senders.entrySet()) {
        String region = e.getKey();
        DiskSpool spool = null;
        WriteAheadJournal journal = null;
        if (settings.spoolDirectory() != null) {
          Path dir = settings.spoolDirectory().resolve(region);
          spool = DiskSpool.open(dir, settings.spoolOptions());
          try {
            journal = WriteAheadJournal.open(dir.resolve("journal"), originRegion, settings.spoolOptions().maxBytes(),
                Math.min(settings.spoolOptions().segmentBytes(), JOURNAL_SEGMENT_BYTES),
                settings.spoolOptions().syncEveryAppend());
          } catch (IOException ex) {
            spool.close();
            throw ex;
          }
        }
        MessagePacker packer = new MessagePacker(codec, originRegion, producerId, System::currentTimeMillis);
        built.put(region, new RegionPublisher(region, e.getValue(), packer, settings, spool, journal, listener));
      }
    } catch (IOException e) {
      built.values().forEach(RegionPublisher::close);
      throw new UncheckedIOException("cannot open the publisher's spool", e);
    }
    this.regions = Collections.unmodifiableMap(built);
    this.asyncReservations = settings.overflowPolicy() == OverflowPolicy.BLOCK
        ? new AsyncReservations(settings.maxBlock().toNanos()) : null;
    regions.values().forEach(RegionPublisher::start);
  }

  /** The remote regions, in configuration order. */
  public List<String> regions() {
    return List.copyOf(regions.keySet());
  }

  /** Operations accepted for {@code region} and not yet delivered or spooled. */
  public long queuedOperations(String region) {
    return regions.get(region).queuedOperations();
  }

  /** Bytes held in memory for {@code region}. */
  public long bufferedBytes(String region) {
    return regions.get(region).bufferedBytes();
  }

  /** Bytes of {@code region}'s spool on disk. */
  public long spoolBytes(String region) {
    return regions.get(region).spoolBytes();
  }

  /** The mode of {@code region}'s publisher. */
  public PublisherMode mode(String region) {
    return regions.get(region).mode();
  }

  @Override
  public Reservation reserve(Operation op) {
    checkAccepting();
    Operation toSend = publishable(op);
    int size = codec.operationBytes(toSend, originRegion);
    List<RegionPublisher> accepted = new ArrayList<>(regions.size());
    try {
      for (RegionPublisher region : regions.values()) {
        if (acquire(region, size)) {
          accepted.add(region);
        }
      }
    } catch (RuntimeException e) {
      for (RegionPublisher region : accepted) {
        region.budget().release(size);
      }
      throw e;
    }
    synchronized (reservationsLock) {
      openReservations++;
    }
    return new RegionReservation(toSend, size, accepted, listener, this::reservationDone);
  }

  @Override
  public CompletableFuture<Reservation> reserveAsync(Operation op) {
    if (asyncReservations == null) {
      return CompletableFuture.completedFuture(reserve(op)); // FAIL and DROP_AND_COUNT never wait
    }
    checkAccepting();
    Operation toSend = publishable(op);
    int size = codec.operationBytes(toSend, originRegion);
    return asyncReservations.reserve(List.copyOf(regions.values()), size, accepted -> {
      synchronized (reservationsLock) {
        if (closed) {
          throw new IllegalStateException("the client is closed");
        }
        openReservations++;
      }
      return new RegionReservation(toSend, size, accepted, listener, this::reservationDone);
    }, region -> overflow(region, size));
  }

  private void checkAccepting() {
    if (closed) {
      throw new IllegalStateException("the client is closed");
    }
    for (RegionPublisher region : regions.values()) {
      if (region.mode() == PublisherMode.FAILED) {
        throw new IllegalStateException(stoppedMessage(region));
      }
    }
  }

  /** {@code op}, or its invalidation when a REPLICATE is too large for a message (counted). */
  private Operation publishable(Operation op) {
    if (op.type() == OperationType.REPLICATE && codec.operationBytes(op, originRegion) > maxOperationBytes) {
      listener.replicateFallback(op.dataset());
      return op.asInvalidate();
    }
    return op;
  }

  static String stoppedMessage(RegionPublisher region) {
    Throwable failure = region.failure();
    return "the publisher for region " + region.region() + " stopped on an unexpected error ("
        + (failure == null ? "unknown" : failure) + "); nothing is published there any more, so writes are refused."
        + " Restart the client (see the log for the error)";
  }

  private void reservationDone() {
    synchronized (reservationsLock) {
      openReservations--;
      if (openReservations == 0) {
        reservationsLock.notifyAll();
      }
    }
  }

  /** Waits, up to {@code deadline}, for the local writes that reserved room to publish or release it. */
  private void awaitOpenReservations(long deadline) {
    synchronized (reservationsLock) {
      while (openReservations > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          log.warn("closing the publisher with {} local writes still unanswered after the close timeout; what"
              + " they publish later is refused and counted as dropped (reason closed)", openReservations);
          return;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(reservationsLock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private boolean acquire(RegionPublisher region, int size) {
    ByteBudget budget = region.budget();
    OverflowPolicy policy = settings.overflowPolicy();
    if (budget.tryAcquire(size)) {
      return true;
    }
    boolean acquired = false;
    if (policy == OverflowPolicy.BLOCK) {
      try {
        acquired = budget.acquire(size, settings.maxBlock().toNanos());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (acquired) {
      return true;
    }
    if (policy == OverflowPolicy.DROP_AND_COUNT) {
      listener.dropped(region.region(), "overflow", 1);
      log.warn("publish buffer for region {} is full; an operation was not published there (overflow policy"
          + " DROP_AND_COUNT)", region.region());
      return false;
    }
    throw overflow(region, size);
  }

  private PublishOverflowException overflow(RegionPublisher region, int size) {
    ByteBudget budget = region.budget();
    return new PublishOverflowException(region.region(), "the publish buffer for region " + region.region()
        + " is full (" + budget.used() + " of " + budget.max() + " bytes, " + size + " more needed"
        + (settings.spoolDirectory() == null ? "" : "; spool full or behind") + "); nothing was written"
        + (settings.overflowPolicy() == OverflowPolicy.BLOCK ? " after waiting " + settings.maxBlock().toMillis()
        + " ms" : ""));
  }

  @Override
  public CompletableFuture<Void> flush() {
    return CompletableFuture.allOf(regions.values().stream().map(RegionPublisher::flush)
        .toArray(CompletableFuture[]::new));
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (asyncReservations != null) {
      asyncReservations.close();
    }
    awaitOpenReservations(System.nanoTime() + settings.closeTimeout().toNanos());
    List<CompletableFuture<Void>> done = regions.values().stream().map(RegionPublisher::close).toList();
    long waitMillis = settings.closeTimeout().toMillis() + 5_000;
    try {
      CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(waitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.error("publisher did not stop cleanly", e);
    }
  }
}
