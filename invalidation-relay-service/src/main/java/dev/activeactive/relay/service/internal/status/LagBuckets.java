package dev.activeactive.relay.service.internal.status;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lag histogram as /metrics exports it ({@code relay_lag_seconds_bucket}: cumulative counts by upper bound),
 * read from the scrape text itself so the page's percentiles are what a Prometheus query would compute:
 * {@code histogram_quantile(q, increase(relay_lag_seconds_bucket[window]))}, with the same linear interpolation.
 */
final class LagBuckets {
  private static final Pattern BUCKET = Pattern.compile(
      "(?m)^relay_lag_seconds_bucket\\{([^}]*)\\} (\\S+)$");
  private static final Pattern LE = Pattern.compile("le=\"([^\"]+)\"");

  /** Cumulative count by upper bound in seconds; +Inf as {@link Double#POSITIVE_INFINITY}. */
  private final TreeMap<Double, Double> cumulative;

  private LagBuckets(TreeMap<Double, Double> cumulative) {
    this.cumulative = cumulative;
  }

  static LagBuckets parse(String scrape, String region) {
    TreeMap<Double, Double> counts = new TreeMap<>();
    Matcher m = BUCKET.matcher(scrape);
    while (m.find()) {
      if (!m.group(1).contains("region=\"" + region + "\"")) {
        continue;
      }
      Matcher le = LE.matcher(m.group(1));
      if (le.find()) {
        double bound = "+Inf".equals(le.group(1)) ? Double.POSITIVE_INFINITY : Double.parseDouble(le.group(1));
        counts.merge(bound, Double.parseDouble(m.group(2)), Double::sum);
      }
    }
    return new LagBuckets(counts);
  }

  /** What was recorded since {@code earlier}. */
  LagBuckets since(LagBuckets earlier) {
    TreeMap<Double, Double> delta = new TreeMap<>();
    cumulative.forEach((bound, count) -> delta.put(bound, count - earlier.cumulative.getOrDefault(bound, 0.0)));
    return new LagBuckets(delta);
  }

  double count() {
    return cumulative.isEmpty() ? 0 : cumulative.lastEntry().getValue();
  }

  /** Prometheus's histogram_quantile, in milliseconds; NaN without observations. */
  double quantileMillis(double q) {
    double total = count();
    if (total <= 0) {
      return Double.NaN;
    }
    double rank = q * total;
    double lower = 0;
    double below = 0;
    for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
      double upper = e.getKey();
      double count = e.getValue();
      if (count >= rank) {
        if (Double.isInfinite(upper)) {
          return lower * 1000; // as Prometheus: the highest finite bound
        }
        double share = count == below ? 0 : (rank - below) / (count - below);
        return (lower + (upper - lower) * share) * 1000;
      }
      lower = upper;
      below = count;
    }
    return lower * 1000;
  }
}
