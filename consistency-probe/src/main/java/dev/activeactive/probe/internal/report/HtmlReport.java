package dev.activeactive.probe.internal.report;

import dev.activeactive.probe.api.ProbeResult;
import dev.activeactive.probe.api.ProbeResult.FollowUp;
import dev.activeactive.probe.api.ProbeResult.MissedRecord;
import dev.activeactive.probe.api.ProbeResult.Percentiles;
import dev.activeactive.probe.api.ProbeResult.RunParameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The {@code --html} report: one self-contained {@code index.html} (inline SVG charts, inline CSS, no script)
 * plus each chart as its own {@code .svg} file, viewable with no network. It opens with the verdict, then per
 * path the run's parameters, the t-visibility curve with the delay marked, the run over time, the misses and
 * their follow-up, and the lag histogram.
 */
public final class HtmlReport {
  private static final String STYLE = "body{font-family:sans-serif;max-width:960px;margin:2em auto;color:#222}"
      + "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}"
      + "th{background:#f6f6f6;font-weight:normal}.verdict{padding:1em;font-size:1.3em;border-radius:6px}"
      + ".pass{background:#e3f4e1;border:2px solid #2ca02c}.fail{background:#fbe3e3;border:2px solid #d62728}"
      + "svg{max-width:100%;height:auto}";

  private HtmlReport() {}

  /**
   * Writes the report into {@code dir}.
   *
   * @param passed whether the run passed its gate
   * @param verdict the gate's one-line message
   * @return the {@code index.html} written
   */
  public static Path write(Path dir, List<ProbeResult> results, boolean passed, String verdict) throws IOException {
    Files.createDirectories(dir);
    StringBuilder html = new StringBuilder("<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        + "<title>consistency-probe report</title><style>" + STYLE + "</style></head><body>"
        + "<h1>consistency-probe</h1>");
    html.append("<div id='verdict' class='verdict ").append(passed ? "pass" : "fail").append("'>")
        .append(escape(verdict)).append("</div>");
    for (ProbeResult r : results) {
      section(dir, html, r);
    }
    html.append("</body></html>");
    Path index = dir.resolve("index.html");
    Files.writeString(index, html, StandardCharsets.UTF_8);
    return index;
  }

  private static void section(Path dir, StringBuilder html, ProbeResult r) throws IOException {
    String curve = SvgCharts.curve(r.curve(), r.delayMs());
    String timeline = SvgCharts.timeline(r.timeline());
    String histogram = SvgCharts.histogram(r.lagHistogram());
    Files.writeString(dir.resolve(r.mode() + "-curve.svg"), curve, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve(r.mode() + "-timeline.svg"), timeline, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve(r.mode() + "-lag-histogram.svg"), histogram, StandardCharsets.UTF_8);
    html.append(String.format(Locale.ROOT, "<section id='%s'><h2>%s: %,d records written in %s, read in %s %d ms "
        + "after %s</h2>", escape(r.mode()), escape(r.mode()), r.records(), escape(r.writeRegion()),
        escape(r.readRegion()), r.delayMs(), r.anchor().equals("PER_RECORD") ? "each write's acknowledgement"
            : "the write phase"));
    RunParameters p = r.parameters();
    html.append("<h3>Run</h3><table>");
    row(html, "WAN profile", p.wanProfile());
    row(html, "records, in flight", String.format(Locale.ROOT, "%,d, %d", r.records(), p.concurrency()));
    row(html, "write rate", p.writeRateCap() == 0 ? "paced by the reader, no cap"
        : String.format(Locale.ROOT, "cap %,d/s", p.writeRateCap()));
    row(html, "consistency", p.writeConsistency() + " writes, " + p.readConsistency() + " reads");
    row(html, "row TTL", p.rowTtlSeconds() == 0 ? "none" : String.format(Locale.ROOT, "%,d s", p.rowTtlSeconds()));
    row(html, "machine", String.format(Locale.ROOT, "%d cores, Java %s, probe %s", p.cores(), p.javaVersion(),
        p.probeVersion()));
    row(html, "duration", String.format(Locale.ROOT, "%.1f s", r.durationMs() / 1000.0));
    html.append("</table><h3>Result</h3><table>");
    row(html, "reads on time", String.format(Locale.ROOT, "%,d of %,d (%.2f %%) within %d ms of their due time",
        r.onTimeReads(), r.onTimeReads() + r.lateReads(), 100 * r.onTimeRatio(), r.onTimeToleranceMs()));
    row(html, "visible at delay", String.format(Locale.ROOT, "%,d", r.visibleAtDelay()));
    row(html, "missing at delay", String.format(Locale.ROOT, "%,d", r.missingAtDelay()));
    row(html, "late reads (not counted)", String.format(Locale.ROOT, "%,d, at most %.1f ms late (%,d visible)",
        r.lateReads(), r.maxReadLatenessMs(), r.lateVisible()));
    row(html, "errors (timeouts)", String.format(Locale.ROOT, "%,d (%,d)", r.errors(), r.timeouts()));
    row(html, "visibility lag ms", percentiles(r.lagMs()) + String.format(Locale.ROOT, " over %,d samples, %,d never "
        + "visible", r.lagSamples(), r.notVisibleWithinHorizon()));
    row(html, "write latency ms", percentiles(r.writeLatencyMs()));
    row(html, "read latency ms", percentiles(r.readLatencyMs()));
    row(html, "throughput", String.format(Locale.ROOT, "%,.0f writes/s, %,.0f reads/s", r.writeOpsPerSec(),
        r.readOpsPerSec()));
    html.append("</table><h3>P(visible at t)</h3>").append(curve)
        .append("<h3>Over the run</h3>").append(timeline);
    misses(html, r.followUp());
    html.append("<h3>Visibility lag</h3>").append(histogram).append("</section>");
  }

  private static void misses(StringBuilder html, FollowUp f) {
    html.append("<h3>Misses</h3>");
    if (f.missed() == 0) {
      html.append("<p id='misses'>No record was missing at the delay.</p>");
      return;
    }
    html.append(String.format(Locale.ROOT, "<p id='misses'>%,d records were missing at the delay and polled until "
        + "visible: %,d became visible (lag %s), %,d not within %.0f s.</p>", f.missed(), f.becameVisible(),
        escape(percentiles(f.lagMs())), f.neverVisible(), f.horizonMs() / 1000));
    html.append("<table id='missed-records'><tr><th>record</th><th>acknowledged at (s into the run)</th>"
        + "<th>missed by the read at (ms after ack)</th><th>first seen (ms after ack)</th></tr>");
    for (MissedRecord m : f.sample()) {
      html.append(String.format(Locale.ROOT, "<tr><td>%d</td><td>%.3f</td><td>%.1f</td><td>%s</td></tr>", m.id(),
          m.ackAtMs() / 1000, m.missedAtMs(), m.visibleAfterMs() < 0 ? "never"
              : String.format(Locale.ROOT, "%.1f", m.visibleAfterMs())));
    }
    html.append("</table>");
    if (f.missed() > f.sample().size()) {
      html.append(String.format(Locale.ROOT, "<p>(the first %d by id of %,d)</p>", f.sample().size(), f.missed()));
    }
  }

  private static void row(StringBuilder html, String label, String value) {
    html.append("<tr><th>").append(escape(label)).append("</th><td>").append(escape(value)).append("</td></tr>");
  }

  private static String percentiles(Percentiles p) {
    return String.format(Locale.ROOT, "p50 %.2f, p90 %.2f, p99 %.2f, p99.9 %.2f, max %.2f", p.p50(), p.p90(), p.p99(),
        p.p999(), p.max());
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
  }
}
