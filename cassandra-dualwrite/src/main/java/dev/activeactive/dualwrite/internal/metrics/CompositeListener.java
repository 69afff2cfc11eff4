package dev.activeactive.dualwrite.internal.metrics;

import dev.activeactive.dualwrite.api.Target;
import dev.activeactive.dualwrite.api.WriteMode;
import dev.activeactive.dualwrite.internal.read.RowsComparison;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans events out to several listeners; a listener that throws is logged and does not disturb the write. */
final class CompositeListener implements DualWriteListener {
  private static final Logger log = LoggerFactory.getLogger(CompositeListener.class);
  private final List<DualWriteListener> listeners;

  CompositeListener(DualWriteListener... listeners) {
    this.listeners = List.of(listeners);
  }

  private void each(Consumer<DualWriteListener> event) {
    for (DualWriteListener listener : listeners) {
      try {
        event.accept(listener);
      } catch (RuntimeException e) {
        log.warn("Dual-write listener {} failed; ignoring", listener, e);
      }
    }
  }

  @Override
  public void onRequest(Target target, Operation operation, long latencyNanos, Throwable error) {
    each(l -> l.onRequest(target, operation, latencyNanos, error));
  }

  @Override
  public void onDeferred(Target target, Throwable cause) {
    each(l -> l.onDeferred(target, cause));
  }

  @Override
  public void onReplayed(String targetName) {
    each(l -> l.onReplayed(targetName));
  }

  @Override
  public void onShadowRead(Target primary, Target secondary, RowsComparison comparison, Throwable error) {
    each(l -> l.onShadowRead(primary, secondary, comparison, error));
  }

  @Override
  public void onModeChange(WriteMode from, WriteMode to) {
    each(l -> l.onModeChange(from, to));
  }

  @Override
  public void onClose() {
    each(DualWriteListener::onClose);
  }

  @Override
  public void onSwap(Target newPrimary, Target newSecondary) {
    each(l -> l.onSwap(newPrimary, newSecondary));
  }
}
