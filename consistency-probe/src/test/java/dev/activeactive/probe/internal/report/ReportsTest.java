package dev.activeactive.probe.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.activeactive.probe.api.ProbeResult;
import dev.activeactive.probe.internal.TestResults;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {
  private static final ProbeResult RESULT = TestResults.result("cassandra", 2, 0);

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
    assertThat(json.get("curve").get(2).get("tMs").asLong()).isEqualTo(500);
    assertThat(json.get("curve").get(2).get("fraction").asDouble()).isEqualTo(0.99);
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
    Path index = HtmlReport.write(dir, List.of(RESULT), false, "FAIL: 2 records missing");
    String html = Files.readString(index);
    assertThat(html).contains("<svg").doesNotContain("http://cdn").doesNotContain("<script src");
    for (String svg : List.of("cassandra-curve.svg", "cassandra-lag-histogram.svg", "cassandra-timeline.svg")) {
      byte[] bytes = Files.readString(dir.resolve(svg)).getBytes(StandardCharsets.UTF_8);
      assertThat(DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(bytes))
          .getDocumentElement().getNodeName()).isEqualTo("svg");
    }
  }
}
