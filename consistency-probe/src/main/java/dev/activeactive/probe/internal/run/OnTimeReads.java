package dev.activeactive.probe.internal.run;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Which reads at the delay may count for "visible at D": only those issued within the tolerance of their due
 * time. A read issued later proves nothing about D (the record had longer to arrive), so its outcome is counted
 * apart and left out of the verdict.
 */
final class OnTimeReads {
  private final long toleranceNanos;
  final LongAdder visible = new LongAdder();
  final LongAdder missing = new LongAdder();
  final LongAdder late = new LongAdder();
  final LongAdder lateVisible = new LongAdder();
  final LongAdder lateMissing = new LongAdder();
  private final AtomicLong maxLatenessNanos = new AtomicLong();

  OnTimeReads(long toleranceNanos) {
    this.toleranceNanos = toleranceNanos;
  }

  /** Whether a read issued {@code latenessNanos} after its due time is on time; a late one is counted here. */
  boolean onTime(long latenessNanos) {
    if (latenessNanos <= toleranceNanos) {
      return true;
    }
    late.increment();
    maxLatenessNanos.accumulateAndGet(latenessNanos, Math::max);
    return false;
  }

  void outcome(boolean onTime, boolean isVisible) {
    if (onTime) {
      (isVisible ? visible : missing).increment();
    } else {
      (isVisible ? lateVisible : lateMissing).increment();
    }
  }

  double maxLatenessMs() {
    return maxLatenessNanos.get() / 1e6;
  }
}
