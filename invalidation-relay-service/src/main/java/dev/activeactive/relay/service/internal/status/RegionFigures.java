package dev.activeactive.relay.service.internal.status;

import dev.activeactive.relay.api.InvalidationRelay;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One relay's figures for the status page, read from its own meters (so the page shows exactly what /metrics
 * exports): lag percentiles, backlog, oldest age, DLQ depth, totals, zone health.
 */
final class RegionFigures {
  private final InvalidationRelay relay;
  private final PrometheusMeterRegistry registry;

  RegionFigures(InvalidationRelay relay, PrometheusMeterRegistry registry) {
    this.relay = relay;
    this.registry = registry;
  }

  String region() {
    return relay.config().region();
  }

  /** The lag histogram's buckets now, as /metrics exports them. */
  LagBuckets lag() {
    return LagBuckets.parse(registry.scrape(), region());
  }

  /** Lag percentiles in ms ({@code p50}, {@code p90}, {@code p99}) of what a histogram delta holds. */
  static Map<String, Object> percentiles(LagBuckets window) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("p50", window.quantileMillis(0.5));
    p.put("p90", window.quantileMillis(0.9));
    p.put("p99", window.quantileMillis(0.99));
    p.put("count", window.count());
    return p;
  }

  /**
   * The figures now, as a JSON-ready map, with lag percentiles over {@code lagWindow} (the histogram's increase
   * since then); a meter not registered yet reads NaN (shown as "-").
   */
  Map<String, Object> now(LagBuckets lagWindow) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("timeMillis", System.currentTimeMillis());
    f.put("ready", relay.isReady());
    f.put("lagMillis", percentiles(lagWindow));
    f.put("visible", backlog("visible"));
    f.put("inflight", backlog("inflight"));
    f.put("delayed", backlog("delayed"));
    f.put("deadLetters", gauge("relay.dlq.messages"));
    f.put("oldestAgeSeconds", gauge("relay.backlog.oldest.age"));
    f.put("backlogReadAgeSeconds", gauge("relay.backlog.read.age"));
    f.put("backlogIntervalSeconds", relay.config().backlogInterval().toMillis() / 1000.0);
    f.put("operationsApplied", counter("relay.operations.applied", null));
    f.put("messagesApplied", counter("relay.messages", "applied"));
    f.put("messagesRetried", counter("relay.messages", "retried"));
    f.put("messagesRejected", relay.stats().rejectedTotal());
    Map<String, Boolean> zones = new LinkedHashMap<>();
    for (Gauge g : registry.find("relay.zone.reachable").gauges()) {
      zones.put(g.getId().getTag("zone"), g.value() == 1);
    }
    f.put("zones", zones);
    return f;
  }

  private double backlog(String state) {
    Gauge g = registry.find("relay.backlog.messages").tag("state", state).gauge();
    return g == null ? Double.NaN : g.value();
  }

  private double gauge(String name) {
    Gauge g = registry.find(name).gauge();
    return g == null ? Double.NaN : g.value();
  }

  private double counter(String name, String outcome) {
    var search = registry.find(name);
    if (outcome != null) {
      search = search.tag("outcome", outcome);
    }
    FunctionCounter c = search.functionCounter();
    return c == null ? Double.NaN : c.count();
  }
}
