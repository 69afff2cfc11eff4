package dev.activeactive.probe.internal.report;

import dev.activeactive.probe.api.ProbeResult;
import dev.activeactive.probe.api.ProbeResult.CurvePoint;
import dev.activeactive.probe.api.ProbeResult.Percentiles;
import java.io.PrintStream;
import java.util.Locale;

/** The console summary of a result. */
public final class SummaryTable {
  private SummaryTable() {}

  public static void print(ProbeResult r, PrintStream out) {
    out.printf(Locale.ROOT, "%n== %s: %,d records written in %s, read in %s %d ms after %s ==%n", r.mode(),
        r.records(), r.writeRegion(), r.readRegion(), r.delayMs(),
        r.anchor().equals("PER_RECORD") ? "each write's acknowledgement" : "the write phase");
    row(out, "visible at delay", String.format(Locale.ROOT, "%,d", r.visibleAtDelay()));
    row(out, "missing at delay", String.format(Locale.ROOT, "%,d", r.missingAtDelay()));
    row(out, "errors (timeouts)", String.format(Locale.ROOT, "%,d (%,d)", r.errors(), r.timeouts()));
    row(out, "late reads (max)", String.format(Locale.ROOT, "%,d (%.1f ms)", r.lateReads(), r.maxReadLatenessMs()));
    row(out, "visibility lag (ms)", percentiles(r.lagMs()) + String.format(Locale.ROOT, "  [%,d samples, %,d never]",
        r.lagSamples(), r.notVisibleWithinHorizon()));
    row(out, "write latency (ms)", percentiles(r.writeLatencyMs()));
    row(out, "read latency (ms)", percentiles(r.readLatencyMs()));
    row(out, "throughput", String.format(Locale.ROOT, "%,.0f writes/s, %,.0f reads/s", r.writeOpsPerSec(),
        r.readOpsPerSec()));
    StringBuilder curve = new StringBuilder();
    for (CurvePoint p : r.curve()) {
      curve.append(String.format(Locale.ROOT, "%d ms: %.4f  ", p.tMs(), p.fraction()));
    }
    row(out, "P(visible at t)", curve.toString().trim());
    row(out, "duration", String.format(Locale.ROOT, "%.1f s", r.durationMs() / 1000.0));
  }

  private static String percentiles(Percentiles p) {
    return String.format(Locale.ROOT, "p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f", p.p50(), p.p90(), p.p99(),
        p.p999(), p.max());
  }

  private static void row(PrintStream out, String label, String value) {
    out.printf(Locale.ROOT, "  %-20s %s%n", label, value);
  }
}
