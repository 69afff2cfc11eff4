package dev.activeactive.evcache.internal.publish;

import dev.activeactive.protocol.api.wire.Operation;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The room reserved for one operation in the regions that accepted it: published once (after the local write
 * succeeded) or released once (after it failed), never both.
 */
final class RegionReservation implements Publisher.Reservation {

  private static final Logger log = LoggerFactory.getLogger(RegionReservation.class);

  private final Operation op;
  private final int size;
  private final List<RegionPublisher> regions;
  private final PublisherListener listener;
  private final Runnable onDone;
  private boolean done;

  /**
   * @param onDone called once, when the reservation is published or released (close waits for that)
   */
  RegionReservation(Operation op, int size, List<RegionPublisher> regions, PublisherListener listener,
      Runnable onDone) {
    this.op = op;
    this.size = size;
    this.regions = regions;
    this.listener = listener;
    this.onDone = onDone;
  }

  @Override
  public synchronized void publish() {
    if (done) {
      return;
    }
    done = true;
    List<RegionPublisher> refused = new ArrayList<>();
    for (RegionPublisher region : regions) {
      if (!region.enqueue(op, size)) {
        region.budget().release(size);
        listener.dropped(region.region(), "closed", 1);
        refused.add(region);
      }
    }
    onDone.run();
    if (!refused.isEmpty()) {
      List<String> names = refused.stream().map(RegionPublisher::region).toList();
      String why = refused.stream().map(x -> x.mode() == PublisherMode.FAILED ? DefaultPublisher.stoppedMessage(x)
          : "the publisher for region " + x.region() + " is closed").reduce((a, b) -> a + "; " + b).orElse("");
      log.error("an operation on {} was written locally but not published to {}: {}. That region may serve a"
          + " stale entry until it expires", op.key(), names, why);
      throw new IllegalStateException("written locally but not published to " + names + ": " + why
          + "; the other region may serve a stale entry for " + op.key() + " until it expires");
    }
  }

  @Override
  public synchronized void release() {
    if (done) {
      return;
    }
    done = true;
    for (RegionPublisher region : regions) {
      region.budget().release(size);
    }
    onDone.run();
  }
}
