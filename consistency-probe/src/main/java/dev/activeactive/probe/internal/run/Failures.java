package dev.activeactive.probe.internal.run;

import java.util.concurrent.atomic.LongAdder;

/** Failed operations, with timeouts counted apart. */
final class Failures {
  final LongAdder errors = new LongAdder();
  final LongAdder timeouts = new LongAdder();

  void record(Throwable error) {
    errors.increment();
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getClass().getSimpleName().contains("Timeout")) {
        timeouts.increment();
        return;
      }
    }
  }
}
