package dev.activeactive.relay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.activeactive.protocol.api.version.Version;
import dev.activeactive.protocol.api.wire.Operation;
import dev.activeactive.relay.api.RelayFixture;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.RegionSandboxTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The alerting rules and the Grafana dashboard in invalidation-relay-service/monitoring: they parse, every rule
 * has what Prometheus needs, every expression is well formed, and every series they name is in the /metrics
 * scrape of a relay that has applied and rejected a message on the sandbox.
 */
@RegionSandboxTest
class MonitoringFilesIT {
  private static final Path MONITORING = Path.of("monitoring");
  private static final Pattern SERIES = Pattern.compile("\\b(relay_[a-z0-9_]+)\\b");
  private static final Pattern DURATION = Pattern.compile("\\d+(ms|s|m|h|d|w|y)|\\$__rate_interval");
  private static final Set<String> FUNCTIONS = Set.of("histogram_quantile", "sum", "max", "min", "rate", "deriv",
      "by", "and", "label_values");

  /** The expressions of the rules file, checked for the fields Prometheus requires. */
  private static List<String> ruleExpressions() throws Exception {
    JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(MONITORING.resolve("relay-alerts.yml").toFile());
    List<String> expressions = new ArrayList<>();
    assertThat(rules.path("groups").isArray()).as("groups").isTrue();
    for (JsonNode group : rules.path("groups")) {
      assertThat(group.path("name").asText()).isNotBlank();
      for (JsonNode rule : group.path("rules")) {
        String name = rule.path("alert").asText();
        assertThat(name).as("alert name").matches("[A-Za-z_][A-Za-z0-9_]*");
        assertThat(rule.path("for").asText()).as(name + " for").matches(DURATION);
        assertThat(rule.path("labels").path("severity").asText()).as(name + " severity").isIn("page", "warn");
        assertThat(rule.path("annotations").path("summary").asText()).as(name + " summary").isNotBlank();
        assertThat(rule.path("annotations").path("description").asText()).as(name + " description").isNotBlank();
        expressions.add(rule.path("expr").asText());
      }
    }
    assertThat(expressions).hasSizeGreaterThanOrEqualTo(8);
    return expressions;
  }

  private static List<String> dashboardExpressions() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(MONITORING.resolve("relay-dashboard.json").toFile());
    assertThat(dashboard.path("uid").asText()).isNotBlank();
    List<String> expressions = new ArrayList<>();
    Set<Integer> ids = new TreeSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(ids.add(panel.path("id").asInt())).as("panel ids distinct").isTrue();
      assertThat(panel.path("title").asText()).isNotBlank();
      assertThat(panel.path("targets").size()).as(panel.path("title").asText()).isPositive();
      panel.path("targets").forEach(t -> expressions.add(t.path("expr").asText()));
    }
    dashboard.path("templating").path("list").forEach(v -> {
      if (v.has("query") && v.path("query").isTextual() && v.path("query").asText().contains("(")) {
        expressions.add(v.path("query").asText());
      }
    });
    return expressions;
  }

  /** Brackets and quotes balance, ranges are durations, every word called as a function is one. */
  private static void assertWellFormed(String expr) {
    StringBuilder open = new StringBuilder();
    boolean quoted = false;
    for (char c : expr.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && "([{".indexOf(c) >= 0) {
        open.append(c);
      } else if (!quoted && ")]}".indexOf(c) >= 0) {
        assertThat(open.length()).as("unbalanced '%s' in %s", c, expr).isPositive();
        char last = open.charAt(open.length() - 1);
        assertThat("([{".indexOf(last)).as("mismatched '%s' in %s", c, expr).isEqualTo(")]}".indexOf(c));
        open.setLength(open.length() - 1);
      }
    }
    assertThat(quoted).as("unterminated quote in " + expr).isFalse();
    assertThat(open.toString()).as("unclosed brackets in " + expr).isEmpty();
    Matcher range = Pattern.compile("\\[([^\\]]*)\\]").matcher(expr);
    while (range.find()) {
      assertThat(range.group(1)).as("range in " + expr).matches(DURATION);
    }
    Matcher call = Pattern.compile("\\b([a-z_]+)\\s*\\(").matcher(expr);
    while (call.find()) {
      assertThat(call.group(1)).as("function in " + expr).isIn(FUNCTIONS);
    }
    Matcher matchers = Pattern.compile("\\{([^}]*)\\}").matcher(expr.replaceAll("\\{\\{[^}]*\\}\\}", ""));
    while (matchers.find()) {
      for (String m : matchers.group(1).split(",")) {
        assertThat(m.trim()).as("label matcher in " + expr).matches("[a-z_]+\\s*(=|!=|=~|!~)\\s*\"[^\"]*\"");
      }
    }
    assertThat(SERIES.matcher(expr).find()).as("names a relay series: " + expr).isTrue();
  }

  @Test
  void rulesAndDashboardParseAndNameOnlySeriesTheRelayExports(RegionSandbox sandbox) throws Exception {
    List<String> expressions = new ArrayList<>(ruleExpressions());
    expressions.addAll(dashboardExpressions());
    expressions.forEach(MonitoringFilesIT::assertWellFormed);

    String scrape;
    try (RelayFixture fixture = new RelayFixture(sandbox, "us-east-1", "us-west-2")) {
      fixture.purgeQueues();
      try (StatusRelay relay = new StatusRelay(fixture.relayBuilder(), List.of())) {
        fixture.publish(Operation.invalidate("monitoring:k", new Version(System.currentTimeMillis() * 1000,
            "us-east-1")));
        fixture.publishBody("not a message");
        await().atMost(Duration.ofSeconds(90)).until(() -> relay.relay.stats().messagesApplied() >= 1
            && relay.scraped("relay_dlq_messages") >= 1 && relay.scraped("relay_backlog_read_age_seconds") >= 0);
        scrape = relay.registry.scrape();
      }
    }
    Set<String> exported = new TreeSet<>();
    Matcher line = Pattern.compile("(?m)^([a-z_:][a-z0-9_:]*)[{ ]").matcher(scrape);
    while (line.find()) {
      exported.add(line.group(1));
    }
    Set<String> named = new TreeSet<>();
    for (String expr : expressions) {
      Matcher m = SERIES.matcher(expr);
      while (m.find()) {
        named.add(m.group(1));
      }
    }
    assertThat(named).as("series named by the rules and the dashboard").hasSizeGreaterThanOrEqualTo(10);
    assertThat(exported).as("series the relay exports").containsAll(named);
    // the lag is broken down by where the message came from, as the rules and the dashboard group it
    assertThat(scrape).containsPattern("(?m)^relay_lag_seconds_bucket\\{[^}]*origin=\"us-east-1\"[^}]*region=\"us-west-2\"");
    for (String expr : expressions) {
      if (expr.contains("relay_lag_seconds_bucket")) {
        assertThat(expr).as("lag by origin").contains("origin");
      }
    }
    assertThat(Files.readString(MONITORING.resolve("relay-alerts.yml"))).doesNotContain("\t");
  }
}
