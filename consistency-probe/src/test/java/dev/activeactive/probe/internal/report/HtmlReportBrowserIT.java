package dev.activeactive.probe.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.activeactive.probe.internal.TestResults;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report as a person sees it: loaded in headless Chromium, its charts laid out and drawn. */
class HtmlReportBrowserIT {

  /** Per chart: its name, rendered width, and the total length of its drawn series. */
  private static final String CHARTS = """
      return [...document.querySelectorAll('svg[data-chart]')].map(svg => ({
        name: svg.dataset.chart,
        width: svg.getBoundingClientRect().width,
        drawn: [...svg.querySelectorAll('.series')].reduce((sum, s) => sum + (s.getTotalLength
            ? s.getTotalLength() : s.getBBox().width * s.getBBox().height), 0)
      }));""";

  @Test
  void theReportOpensWithItsVerdictAndEveryChartRendered(@TempDir Path dir) throws Exception {
    Path index = HtmlReport.write(dir, List.of(TestResults.result("cassandra", 2, 30)), false,
        "FAIL: 2 records missing at 500 ms, more than --max-missing 0");
    try (HeadlessChromium browser = new HeadlessChromium()) {
      browser.open(index.toUri());
      JsonNode charts = browser.run(CHARTS);
      assertThat(charts).extracting(c -> c.get("name").asText())
          .containsExactly("curve", "timeline", "lag-histogram");
      for (JsonNode chart : charts) {
        assertThat(chart.get("width").asDouble()).as(chart.get("name").asText() + " width").isGreaterThan(300);
        assertThat(chart.get("drawn").asDouble()).as(chart.get("name").asText() + " series drawn").isPositive();
      }
      // the delay is marked on the curve where t = 500 ms falls, between the 5 ms and 1000 ms points
      JsonNode delay = browser.run("""
          const svg = document.querySelector('svg[data-chart=curve]');
          const line = svg.querySelector('.delay').getBoundingClientRect();
          const dots = [...svg.querySelectorAll('circle')].map(c => c.getBoundingClientRect().x);
          return {delay: line.x, first: dots[0], last: dots[dots.length - 1], dots: dots.length};""");
      assertThat(delay.get("dots").asInt()).isEqualTo(4);
      assertThat(delay.get("delay").asDouble()).isBetween(delay.get("first").asDouble(), delay.get("last").asDouble());
      JsonNode page = browser.run("""
          const v = document.getElementById('verdict');
          return {verdict: v.textContent, color: getComputedStyle(v).borderColor,
              missed: document.querySelectorAll('#missed-records tr').length,
              misses: document.querySelectorAll('svg[data-chart=timeline] .misses').length};""");
      assertThat(page.get("verdict").asText()).startsWith("FAIL: 2 records missing");
      assertThat(page.get("color").asText()).isEqualTo("rgb(214, 39, 40)");
      assertThat(page.get("missed").asInt()).as("header and the two listed records").isEqualTo(3);
      assertThat(page.get("misses").asInt()).as("seconds marked with misses on the timeline").isEqualTo(1);
    }
  }
}
