package dev.activeactive.probe.internal.report;

import dev.activeactive.probe.api.ProbeResult.CurvePoint;
import dev.activeactive.probe.api.ProbeResult.HistogramBucket;
import dev.activeactive.probe.api.ProbeResult.TimelinePoint;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Small self-contained SVG charts: nothing to download, so the report opens offline. Each chart's root carries
 * {@code data-chart} (its name) and each plotted series a {@code class="series"}, so a test in a browser can find
 * them rendered.
 */
final class SvgCharts {
  private static final int WIDTH = 720;
  private static final int HEIGHT = 320;
  private static final int LEFT = 60;
  private static final int BOTTOM = 40;
  private static final int TOP = 20;
  private static final int RIGHT = 60;
  private static final int PLOT_W = WIDTH - LEFT - RIGHT;
  private static final int PLOT_H = HEIGHT - TOP - BOTTOM;

  private SvgCharts() {}

  /**
   * P(visible at t) on a logarithmic time axis (log10(1 + t), so t = 0 has a place), y from 0 to 1, with the
   * read delay marked: a reader sees how far the curve is from 1 where the experiment reads.
   */
  static String curve(List<CurvePoint> points, long delayMs) {
    StringBuilder svg = open("curve", "P(visible at t)");
    axes(svg);
    yTicks(svg, 1, "%.2f");
    double maxT = Math.max(delayMs, points.stream().mapToLong(CurvePoint::tMs).max().orElse(1));
    ToDoubleFunction<Double> x = t -> LEFT + PLOT_W * Math.log10(1 + t) / Math.log10(1 + maxT);
    for (double t : new double[] {0, 1, 10, 100, 1000, 10_000, 100_000}) {
      if (t <= maxT) {
        double px = x.applyAsDouble(t);
        svg.append(String.format(Locale.ROOT, "<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='#eee'/>"
            + "<text x='%.1f' y='%d' font-size='11' text-anchor='middle'>%s</text>", px, TOP, px, TOP + PLOT_H, px,
            TOP + PLOT_H + 16, t >= 1000 ? (long) (t / 1000) + " s" : (long) t + " ms"));
      }
    }
    double delayX = x.applyAsDouble((double) delayMs);
    svg.append(String.format(Locale.ROOT, "<line class='delay' x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='#d62728' "
        + "stroke-dasharray='5,3'/><text x='%.1f' y='%d' font-size='11' fill='#d62728'>read at %d ms</text>", delayX,
        TOP, delayX, TOP + PLOT_H, delayX + 4, TOP + 12, delayMs));
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < points.size(); i++) {
      CurvePoint p = points.get(i);
      double px = x.applyAsDouble((double) p.tMs());
      double py = y(p.fraction(), 1);
      path.append(i == 0 ? "M" : "L").append(String.format(Locale.ROOT, "%.1f %.1f ", px, py));
      svg.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='3' fill='#1f77b4'><title>t=%d ms: %.4f"
          + "</title></circle>", px, py, p.tMs(), p.fraction()));
    }
    series(svg, path, "#1f77b4");
    xLabel(svg, "t after the write's acknowledgement (log scale)");
    return svg.append("</svg>").toString();
  }

  /**
   * The run over time: writes acknowledged per second (blue) and the largest visibility lag of the samples
   * acknowledged in each second (orange, right axis, ms); seconds with misses at the delay are marked red.
   * A stall shows as a lag peak, usually with misses and a dip in writes.
   */
  static String timeline(List<TimelinePoint> seconds) {
    StringBuilder svg = open("timeline", "writes per second and visibility lag over the run");
    axes(svg);
    if (seconds.isEmpty()) {
      return empty(svg);
    }
    double maxWrites = Math.max(1, seconds.stream().mapToLong(TimelinePoint::writes).max().orElse(1));
    double maxLag = Math.max(1, seconds.stream().mapToDouble(TimelinePoint::maxLagMs).max().orElse(1));
    int n = seconds.size();
    ToDoubleFunction<Integer> x = i -> LEFT + (n == 1 ? PLOT_W / 2.0 : PLOT_W * i / (double) (n - 1));
    StringBuilder writes = new StringBuilder();
    StringBuilder lag = new StringBuilder();
    for (int i = 0; i < n; i++) {
      TimelinePoint s = seconds.get(i);
      double px = x.applyAsDouble(i);
      writes.append(i == 0 ? "M" : "L").append(String.format(Locale.ROOT, "%.1f %.1f ", px, y(s.writes(), maxWrites)));
      if (s.maxLagMs() >= 0) {
        lag.append(lag.length() == 0 ? "M" : "L").append(String.format(Locale.ROOT, "%.1f %.1f ", px,
            y(s.maxLagMs(), maxLag)));
      }
      if (s.misses() > 0) {
        svg.append(String.format(Locale.ROOT, "<rect class='misses' x='%.1f' y='%d' width='4' height='%d' "
            + "fill='#d62728' opacity='0.5'><title>second %d: %d missing at the delay</title></rect>", px - 2, TOP,
            PLOT_H, s.second(), s.misses()));
      }
    }
    series(svg, writes, "#1f77b4");
    if (lag.length() > 0) {
      series(svg, lag, "#ff7f0e");
    }
    svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='11' text-anchor='end' fill='#1f77b4'>%,.0f/s"
        + "</text><text x='%d' y='%d' font-size='11' fill='#ff7f0e'>%.0f ms</text><text x='%d' y='%d' font-size='11' "
        + "text-anchor='end'>%d s</text>", LEFT - 6, TOP + 10, maxWrites, LEFT + PLOT_W + 4, TOP + 10, maxLag,
        LEFT + PLOT_W, TOP + PLOT_H + 16, seconds.get(n - 1).second()));
    xLabel(svg, "seconds since the first write: writes/s (blue), max sample lag (orange), misses (red)");
    return svg.append("</svg>").toString();
  }

  /** The lag histogram as bars. */
  static String histogram(List<HistogramBucket> buckets) {
    StringBuilder svg = open("lag-histogram", "visibility lag histogram");
    axes(svg);
    if (buckets.isEmpty()) {
      return empty(svg);
    }
    long max = Math.max(1, buckets.stream().mapToLong(HistogramBucket::count).max().orElse(1));
    double barW = PLOT_W / (double) buckets.size();
    for (int i = 0; i < buckets.size(); i++) {
      HistogramBucket b = buckets.get(i);
      double h = PLOT_H * b.count() / (double) max;
      svg.append(String.format(Locale.ROOT, "<rect class='series' x='%.1f' y='%.1f' width='%.1f' height='%.1f' "
          + "fill='#ff7f0e'><title>up to %.2f ms: %d</title></rect>", LEFT + i * barW + 1, TOP + PLOT_H - h,
          Math.max(1, barW - 2), h, b.upToMs(), b.count()));
    }
    svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='11'>0</text><text x='%d' y='%d' "
        + "font-size='11' text-anchor='end'>%.2f ms</text><text x='%d' y='%d' font-size='11' text-anchor='end'>%d"
        + "</text>", LEFT, TOP + PLOT_H + 16, LEFT + PLOT_W, TOP + PLOT_H + 16,
        buckets.get(buckets.size() - 1).upToMs(), LEFT - 6, TOP + 10, max));
    xLabel(svg, "lag from acknowledgement to first visible read (ms)");
    return svg.append("</svg>").toString();
  }

  private static double y(double value, double max) {
    return TOP + PLOT_H - PLOT_H * value / max;
  }

  private static void yTicks(StringBuilder svg, double max, String format) {
    for (int i = 0; i <= 4; i++) {
      double py = y(max * i / 4.0, max);
      svg.append(String.format(Locale.ROOT, "<text x='%d' y='%.1f' font-size='11' text-anchor='end'>" + format
          + "</text><line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='#eee'/>", LEFT - 6, py + 4, max * i / 4.0, LEFT,
          py, LEFT + PLOT_W, py));
    }
  }

  private static void series(StringBuilder svg, CharSequence path, String color) {
    svg.append("<path class='series' d='").append(path).append("' fill='none' stroke='").append(color)
        .append("' stroke-width='2'/>");
  }

  private static String empty(StringBuilder svg) {
    svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='13' text-anchor='middle'>no data</text>",
        LEFT + PLOT_W / 2, TOP + PLOT_H / 2));
    return svg.append("</svg>").toString();
  }

  private static void xLabel(StringBuilder svg, String label) {
    svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='12' text-anchor='middle'>%s</text>",
        LEFT + PLOT_W / 2, HEIGHT - 6, label));
  }

  private static StringBuilder open(String name, String title) {
    return new StringBuilder(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' data-chart='%s' "
        + "width='%d' height='%d' viewBox='0 0 %d %d' role='img' aria-label='%s'><rect width='100%%' height='100%%' "
        + "fill='white'/>", name, WIDTH, HEIGHT, WIDTH, HEIGHT, title));
  }

  private static void axes(StringBuilder svg) {
    svg.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='black'/><line x1='%d' "
        + "y1='%d' x2='%d' y2='%d' stroke='black'/>", LEFT, TOP + PLOT_H, LEFT + PLOT_W, TOP + PLOT_H, LEFT, TOP, LEFT,
        TOP + PLOT_H));
  }
}
