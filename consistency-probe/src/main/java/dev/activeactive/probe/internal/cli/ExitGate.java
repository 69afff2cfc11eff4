package dev.activeactive.probe.internal.cli;

import dev.activeactive.probe.api.ProbeResult;
import java.util.List;
import java.util.Locale;

/**
 * Whether a run passes, for deployment pipelines: it fails (exit code 1) when more records were missing at the
 * delay than allowed, over all measured paths, or when the cache-aside scenario left any stale entry.
 */
record ExitGate(long missing, long allowed, long delayMs, long staleAfterHorizon, double onTimeRatio,
    double minOnTimeRatio) {

  static ExitGate of(List<ProbeResult> results, long maxMissing) {
    return of(results, maxMissing, 0, 0);
  }

  /**
   * {@code staleAfterHorizon}: the cache-aside scenario's stale entries, whose target is always 0;
   * {@code minOnTimeRatio}: the share of reads at the delay that must have been on time for the count of missing
   * records to mean anything.
   */
  static ExitGate of(List<ProbeResult> results, long maxMissing, long staleAfterHorizon, double minOnTimeRatio) {
    long missing = results.stream().mapToLong(ProbeResult::missingAtDelay).sum();
    double onTime = results.stream().mapToDouble(ProbeResult::onTimeRatio).min().orElse(1);
    return new ExitGate(missing, maxMissing, results.isEmpty() ? 0 : results.get(0).delayMs(), staleAfterHorizon,
        onTime, minOnTimeRatio);
  }

  boolean passed() {
    return missing <= allowed && staleAfterHorizon == 0 && onTimeRatio >= minOnTimeRatio;
  }

  int exitCode() {
    return passed() ? ExitCodes.PASSED : ExitCodes.GATE_FAILED;
  }

  String message() {
    if (onTimeRatio < minOnTimeRatio) {
      return String.format(Locale.ROOT, "FAIL: only %.1f %% of the reads at %d ms were issued on time (at least "
          + "%.1f %% needed, --min-on-time), so the %,d missing records say too little; lower --rate or "
          + "--concurrency, or run on a less loaded machine", 100 * onTimeRatio, delayMs, 100 * minOnTimeRatio,
          missing);
    }
    if (staleAfterHorizon > 0) {
      return String.format(Locale.ROOT, "FAIL: %,d cache entries still stale after the cache-aside horizon "
          + "(target 0); %,d records missing at %d ms (allowed: %,d)", staleAfterHorizon, missing, delayMs, allowed);
    }
    return String.format(Locale.ROOT, passed()
        ? "OK: %,d records missing at %d ms (allowed: %,d)"
        : "FAIL: %,d records missing at %d ms, more than --max-missing %,d", missing, delayMs, allowed);
  }
}
