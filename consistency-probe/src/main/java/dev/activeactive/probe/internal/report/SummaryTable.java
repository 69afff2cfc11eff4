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
    row(out, "setup", String.format(Locale.ROOT, "WAN %s, %s writes, %s reads, %d in flight, %s, row TTL %s, %d cores",
        r.parameters().wanProfile(), r.parameters().writeConsistency(), r.parameters().readConsistency(),
        r.parameters().concurrency(), r.parameters().writeRateCap() == 0 ? "rate paced by the reader"
            : "rate cap " + r.parameters().writeRateCap() + "/s",
        r.parameters().rowTtlSeconds() == 0 ? "none" : r.parameters().rowTtlSeconds() + " s", r.parameters().cores()));
    row(out, "reads on time", String.format(Locale.ROOT, "%,d of %,d (%.2f %%) issued within %d ms of their due time",
        r.onTimeReads(), r.onTimeReads() + r.lateReads(), 100 * r.onTimeRatio(), r.onTimeToleranceMs()));
    row(out, "visible at delay", String.format(Locale.ROOT, "%,d", r.visibleAtDelay()));
    row(out, "missing at delay", String.format(Locale.ROOT, "%,d", r.missingAtDelay()));
    if (r.followUp().missed() > 0) {
      var f = r.followUp();
      row(out, "  followed up", String.format(Locale.ROOT, "%,d became visible (lag p50 %.1f, p99 %.1f, max %.1f ms), "
          + "%,d not within %.0f s", f.becameVisible(), f.lagMs().p50(), f.lagMs().p99(), f.lagMs().max(),
          f.neverVisible(), f.horizonMs() / 1000));
      StringBuilder ids = new StringBuilder();
      for (var m : f.sample()) {
        ids.append(String.format(Locale.ROOT, "#%d (acked at %.1f s, %s)  ", m.id(), m.ackAtMs() / 1000,
            m.visibleAfterMs() < 0 ? "never seen" : String.format(Locale.ROOT, "seen after %.1f ms", m.visibleAfterMs())));
      }
      row(out, "  e.g.", ids.toString().trim());
    }
    row(out, "late reads", String.format(Locale.ROOT, "%,d, not counted above (max %.1f ms late; %,d visible, %,d not)",
        r.lateReads(), r.maxReadLatenessMs(), r.lateVisible(), r.lateMissing()));
    row(out, "errors (timeouts)", String.format(Locale.ROOT, "%,d (%,d)", r.errors(), r.timeouts()));
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
