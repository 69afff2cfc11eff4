package dev.activeactive.probe.internal.report;

import dev.activeactive.probe.api.ProbeResult;
import dev.activeactive.probe.api.ProbeResult.Percentiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The {@code --html} report: one self-contained {@code index.html} (inline SVG charts, inline CSS) plus each
 * chart as its own {@code .svg} file, viewable with no network.
 */
public final class HtmlReport {
  private HtmlReport() {}

  public static Path write(Path dir, List<ProbeResult> results) throws IOException {
    Files.createDirectories(dir);
    StringBuilder html = new StringBuilder("<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        + "<title>consistency-probe report</title><style>body{font-family:sans-serif;max-width:900px;margin:2em auto}"
        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}"
        + "th{text-align:left}</style></head><body><h1>consistency-probe</h1>");
    for (ProbeResult r : results) {
      String curve = SvgCharts.curve(r.curve());
      String histogram = SvgCharts.histogram(r.lagHistogram());
      Files.writeString(dir.resolve(r.mode() + "-curve.svg"), curve, StandardCharsets.UTF_8);
      Files.writeString(dir.resolve(r.mode() + "-lag-histogram.svg"), histogram, StandardCharsets.UTF_8);
      html.append(String.format(Locale.ROOT, "<h2>%s: %,d records, written in %s, read in %s after %d ms</h2>",
          escape(r.mode()), r.records(), escape(r.writeRegion()), escape(r.readRegion()), r.delayMs()));
      html.append("<table>");
      row(html, "visible at delay", String.format(Locale.ROOT, "%,d", r.visibleAtDelay()));
      row(html, "missing at delay", String.format(Locale.ROOT, "%,d", r.missingAtDelay()));
      row(html, "errors (timeouts)", String.format(Locale.ROOT, "%,d (%,d)", r.errors(), r.timeouts()));
      row(html, "lag ms", percentiles(r.lagMs()));
      row(html, "write latency ms", percentiles(r.writeLatencyMs()));
      row(html, "read latency ms", percentiles(r.readLatencyMs()));
      row(html, "throughput", String.format(Locale.ROOT, "%,.0f writes/s, %,.0f reads/s", r.writeOpsPerSec(),
          r.readOpsPerSec()));
      html.append("</table><h3>P(visible at t)</h3>").append(curve)
          .append("<h3>Visibility lag</h3>").append(histogram);
    }
    html.append("</body></html>");
    Path index = dir.resolve("index.html");
    Files.writeString(index, html, StandardCharsets.UTF_8);
    return index;
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
