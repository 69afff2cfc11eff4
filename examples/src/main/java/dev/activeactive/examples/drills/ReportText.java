package dev.activeactive.examples.drills;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Builds a report's text: a title, aligned "label: value" rows, sample lines, and the checks. */
final class ReportText {

  private final StringBuilder text = new StringBuilder();

  ReportText(String title) {
    text.append("== ").append(title).append(" ==\n");
  }

  ReportText row(String label, Object value) {
    text.append(String.format(Locale.ROOT, "  %-44s %s%n", label, value));
    return this;
  }

  ReportText section(String heading) {
    text.append(heading).append('\n');
    return this;
  }

  ReportText samples(String label, List<String> lines) {
    if (!lines.isEmpty()) {
      text.append("  ").append(label).append(" (first ").append(Math.min(5, lines.size())).append(" of ")
          .append(lines.size()).append("):\n");
      lines.stream().limit(5).forEach(l -> text.append("    ").append(l).append('\n'));
    }
    return this;
  }

  String checks(List<Check> checks) {
    text.append("checks\n");
    checks.forEach(c -> text.append("  ").append(c.line()).append('\n'));
    text.append(checks.stream().allMatch(Check::passed) ? "RESULT: PASS\n" : "RESULT: FAIL\n");
    return text.toString();
  }

  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
