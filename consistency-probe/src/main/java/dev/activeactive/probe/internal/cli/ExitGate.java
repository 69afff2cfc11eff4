package dev.activeactive.probe.internal.cli;

import dev.activeactive.probe.api.ProbeResult;
import java.util.List;
import java.util.Locale;

/**
 * Whether a run passes, for deployment pipelines: it fails (exit code 1) when more records were missing at the
 * delay than allowed, over all measured paths.
 */
record ExitGate(long missing, long allowed, long delayMs) {

  static ExitGate of(List<ProbeResult> results, long maxMissing) {
    long missing = results.stream().mapToLong(ProbeResult::missingAtDelay).sum();
    return new ExitGate(missing, maxMissing, results.isEmpty() ? 0 : results.get(0).delayMs());
  }

  boolean passed() {
    return missing <= allowed;
  }

  int exitCode() {
    return passed() ? 0 : 1;
  }

  String message() {
    return String.format(Locale.ROOT, passed()
        ? "OK: %,d records missing at %d ms (allowed: %,d)"
        : "FAIL: %,d records missing at %d ms, more than --max-missing %,d", missing, delayMs, allowed);
  }
}
