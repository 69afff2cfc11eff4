package dev.activeactive.probe.internal.report;

import dev.activeactive.probe.api.ProbeResult.CurvePoint;
import dev.activeactive.probe.api.ProbeResult.HistogramBucket;
import java.util.List;
import java.util.Locale;

/** Small self-contained SVG charts: nothing to download, so the report opens offline. */
final class SvgCharts {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 320;
  private static final int LEFT = 60;
  private static final int BOTTOM = 40;
  private static final int TOP = 20;
  private static final int RIGHT = 20;

  private SvgCharts() {}

  /** The visibility curve: evenly spaced t values (they are chosen, not continuous), y from 0 to 1. */
  static String curve(List<CurvePoint> points) {
    StringBuilder svg = open("P(visible at t)");
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    axes(svg, plotW, plotH);
    for (int i = 0; i <= 4; i++) {
      double y = TOP + plotH - plotH * i / 4.0;
      svg.append(String.format(Locale.ROOT, "<text x='%d' y='%.1f' font-size='11' text-anchor='end'>%.2f</text>",
          LEFT - 6, y + 4, i / 4.0));
      svg.append(String.format(Locale.ROOT, "<line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='#eee'/>", LEFT, y,
          LEFT + plotW, y));
    }
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < points.size(); i++) {
      double x = LEFT + (points.size() == 1 ? plotW / 2.0 : plotW * i / (double) (points.size() - 1));
      double y = TOP + plotH - plotH * points.get(i).fraction();
      path.append(i == 0 ? "M" : "L").append(String.format(Locale.ROOT, "%.1f %.1f ", x, y));
      svg.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='3' fill='#1f77b4'>"
          + "<title>t=%d ms: %.4f</title></circle>", x, y, points.get(i).tMs(), points.get(i).fraction()));
      svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' font-size='11' text-anchor='middle'>%d</text>",
          x, TOP + plotH + 16, points.get(i).tMs()));
    }
    svg.append("<path d='").append(path).append("' fill='none' stroke='#1f77b4' stroke-width='2'/>");
    svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='12' text-anchor='middle'>t after the write's "
        + "acknowledgement (ms)</text>", LEFT + plotW / 2, HEIGHT - 6));
    return svg.append("</svg>").toString();
  }

  /** The lag histogram as bars. */
  static String histogram(List<HistogramBucket> buckets) {
    StringBuilder svg = open("visibility lag histogram");
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    axes(svg, plotW, plotH);
    if (buckets.isEmpty()) {
      svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='13' text-anchor='middle'>no samples"
          + "</text>", LEFT + plotW / 2, TOP + plotH / 2));
      return svg.append("</svg>").toString();
    }
    long max = buckets.stream().mapToLong(HistogramBucket::count).max().orElse(1);
    double barW = plotW / (double) buckets.size();
    for (int i = 0; i < buckets.size(); i++) {
      HistogramBucket b = buckets.get(i);
      double h = max == 0 ? 0 : plotH * b.count() / (double) max;
      svg.append(String.format(Locale.ROOT, "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='#ff7f0e'>"
          + "<title>up to %.2f ms: %d</title></rect>", LEFT + i * barW + 1, TOP + plotH - h, Math.max(1, barW - 2), h,
          b.upToMs(), b.count()));
    }
    svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='11' text-anchor='start'>0</text>", LEFT,
        TOP + plotH + 16));
    svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='11' text-anchor='end'>%.2f ms</text>",
        LEFT + plotW, TOP + plotH + 16, buckets.get(buckets.size() - 1).upToMs()));
    svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='11' text-anchor='end'>%d</text>",
        LEFT - 6, TOP + 10, max));
    svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='12' text-anchor='middle'>lag from "
        + "acknowledgement to first visible read (ms)</text>", LEFT + plotW / 2, HEIGHT - 6));
    return svg.append("</svg>").toString();
  }

  private static StringBuilder open(String title) {
    return new StringBuilder(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' "
        + "height='%d' viewBox='0 0 %d %d' role='img' aria-label='%s'><rect width='100%%' height='100%%' "
        + "fill='white'/>", WIDTH, HEIGHT, WIDTH, HEIGHT, title));
  }

  private static void axes(StringBuilder svg, int plotW, int plotH) {
    svg.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='black'/>", LEFT, TOP + plotH,
        LEFT + plotW, TOP + plotH));
    svg.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='black'/>", LEFT, TOP, LEFT,
        TOP + plotH));
  }
}
