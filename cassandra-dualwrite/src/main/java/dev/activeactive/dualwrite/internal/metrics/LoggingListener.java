package dev.activeactive.dualwrite.internal.metrics;

import dev.activeactive.dualwrite.api.Target;
import dev.activeactive.dualwrite.api.WriteMode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs what an operator needs, without flooding during an outage: a target's first failed write and its
 * recovery (with how many writes failed in between), mode changes and swaps.
 */
public final class LoggingListener implements DualWriteListener {
  private static final Logger log = LoggerFactory.getLogger("dev.activeactive.dualwrite");
  private final String writer;
  /** Per target, writes that failed since its last success; present only while it fails. */
  private final Map<String, AtomicLong> failingSince = new ConcurrentHashMap<>();

  public LoggingListener(String writer) {
    this.writer = writer;
  }

  @Override
  public void onRequest(Target target, Operation operation, long latencyNanos, Throwable error) {
    if (operation != Operation.WRITE && operation != Operation.REPLAY) {
      return;
    }
    if (error != null) {
      AtomicLong fresh = new AtomicLong();
      AtomicLong count = failingSince.putIfAbsent(target.name(), fresh);
      if (count == null) {
        fresh.incrementAndGet();
        log.warn("[{}] writes to target {} fail: {}; further failures are counted until it recovers",
            writer, target, error.toString());
      } else {
        count.incrementAndGet();
      }
    } else {
      AtomicLong failed = failingSince.remove(target.name());
      if (failed != null) {
        log.info("[{}] target {} accepts writes again after {} failed writes", writer, target, failed.get());
      }
    }
  }

  @Override
  public void onModeChange(WriteMode from, WriteMode to) {
    log.info("[{}] write mode {} -> {}", writer, from, to);
  }

  @Override
  public void onSwap(Target newPrimary, Target newSecondary) {
    log.info("[{}] swapped targets: primary is now {}, secondary {}", writer, newPrimary, newSecondary);
  }
}
