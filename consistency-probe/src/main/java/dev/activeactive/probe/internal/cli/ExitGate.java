package dev.activeactive.probe.internal.cli;

import dev.activeactive.probe.api.ProbeResult;
import java.util.List;
import java.util.Locale;

/**
 * Whether a run passes, for deployment pipelines: it fails (exit code 1) when more records were missing at the
 * delay than allowed, over all measured paths, or when the cache-aside scenario left any stale entry.
 */
record ExitGate(long missing, long allowed, long delayMs, long staleAfterHorizon) {

  static ExitGate of(List<ProbeResult> results, long maxMissing) {
    return of(results, maxMissing, 0);
  }

  /** {@code staleAfterHorizon}: the cache-aside scenario's stale entries, whose target is always 0. */
  static ExitGate of(List<ProbeResult> results, long maxMissing, long staleAfterHorizon) {
    long missing = results.stream().mapToLong(ProbeResult::missingAtDelay).sum();
    return new ExitGate(missing, maxMissing, results.isEmpty() ? 0 : results.get(0).delayMs(), staleAfterHorizon);
  }

  boolean passed() {
    return missing <= allowed && staleAfterHorizon == 0;
  }

  int exitCode() {
    return passed() ? 0 : 1;
  }

  String message() {
    if (staleAfterHorizon > 0) {
      return String.format(Locale.ROOT, "FAIL: %,d cache entries still stale after the cache-aside horizon "
          + "(target 0); %,d records missing at %d ms (allowed: %,d)", staleAfterHorizon, missing, delayMs, allowed);
    }
    return String.format(Locale.ROOT, passed()
        ? "OK: %,d records missing at %d ms (allowed: %,d)"
        : "FAIL: %,d records missing at %d ms, more than --max-missing %,d", missing, delayMs, allowed);
  }
}
