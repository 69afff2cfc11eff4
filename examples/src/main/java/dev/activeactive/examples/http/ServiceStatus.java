package dev.activeactive.examples.http;

import java.util.Map;

/** What the operational endpoints show: {@code /health}, {@code /relay} and {@code /metrics}. */
public interface ServiceStatus {

  /** The region this instance serves. */
  String region();

  /** Whether the instance can serve and its relay applies what other regions publish. */
  boolean healthy();

  /** The relay's counts and lag, as a JSON-friendly map. */
  Map<String, Object> relay();

  /** Every meter of the instance (cache client and relay) in Prometheus text format. */
  String metrics();
}
