package dev.activeactive.probe.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.activeactive.probe.api.ProbeResult;
import dev.activeactive.probe.api.ProbeResult.CurvePoint;
import dev.activeactive.probe.api.ProbeResult.HistogramBucket;
import dev.activeactive.probe.api.ProbeResult.Percentiles;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {
  private static final Percentiles P = new Percentiles(1, 2, 3, 4, 5);
  private static final ProbeResult RESULT = new ProbeResult("cassandra", 1000, 500, "PER_RECORD", "us-east-1",
      "us-west-2", 998, 2, P, 100, 1, List.of(new CurvePoint(0, 0.5), new CurvePoint(500, 0.99)),
      List.of(new HistogramBucket(1, 50), new HistogramBucket(2, 49)), P, P, 1234.5, 1200.0, 3, 1, 0, 0, 4321);

  @Test
  void jsonHasEveryKeyThePipelineReads(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("out.json");
    JsonReport.write(file, List.of(RESULT));
    JsonNode json = new ObjectMapper().readTree(file.toFile());
    for (String key : List.of("mode", "records", "delayMs", "writeRegion", "readRegion", "visibleAtDelay",
        "missingAtDelay", "lagMs", "curve", "writeOpsPerSec", "readOpsPerSec", "errors")) {
      assertThat(json.has(key)).as(key).isTrue();
    }
    assertThat(json.get("lagMs").fieldNames()).toIterable().containsExactlyInAnyOrder("p50", "p90", "p99", "p999", "max");
    assertThat(json.get("curve").get(1).get("tMs").asLong()).isEqualTo(500);
    assertThat(json.get("curve").get(1).get("fraction").asDouble()).isEqualTo(0.99);
    assertThat(json.get("missingAtDelay").asLong()).isEqualTo(2);
  }

  @Test
  void bothModesKeepTopLevelKeysAndListEveryResult(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("out.json");
    JsonReport.write(file, List.of(RESULT, RESULT));
    JsonNode json = new ObjectMapper().readTree(file.toFile());
    assertThat(json.get("mode").asText()).isEqualTo("both");
    assertThat(json.get("results")).hasSize(2);
    assertThat(json.has("missingAtDelay")).isTrue();
  }

  @Test
  void htmlIsSelfContainedWithWellFormedSvgCharts(@TempDir Path dir) throws Exception {
    Path index = HtmlReport.write(dir, List.of(RESULT));
    String html = Files.readString(index);
    assertThat(html).contains("<svg").doesNotContain("http://cdn").doesNotContain("<script src");
    for (String svg : List.of("cassandra-curve.svg", "cassandra-lag-histogram.svg")) {
      byte[] bytes = Files.readString(dir.resolve(svg)).getBytes(StandardCharsets.UTF_8);
      assertThat(DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(bytes))
          .getDocumentElement().getNodeName()).isEqualTo("svg");
    }
  }
}
