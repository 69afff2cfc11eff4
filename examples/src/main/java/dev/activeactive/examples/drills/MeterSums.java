package dev.activeactive.examples.drills;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.TreeMap;

/** Sums of the cache client's counters, read through Micrometer's public search API for the drills' reports. */
final class MeterSums {

  private MeterSums() {}

  /** The sum of every counter called {@code name} with the given tags (key, value, ...), 0 if none exists. */
  static long sum(MeterRegistry registry, String name, String... tags) {
    return Math.round(registry.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum());
  }

  /** Reads served by another zone than the one tried first. */
  static long zoneFallbacks(MeterRegistry registry) {
    return sum(registry, "evcache.client.zone.fallbacks");
  }

  /** Operations a zone failed (it was down, or timed out). */
  static long zoneErrors(MeterRegistry registry) {
    return sum(registry, "evcache.client.zone.errors");
  }

  /**
   * Zone errors by dataset, operation and zone ("history delete us-east-1a: 3, ..."), or "none": which local
   * writes a zone may have missed.
   */
  static String zoneErrorsByOperation(MeterRegistry registry) {
    Map<String, Long> byTags = new TreeMap<>();
    for (Counter counter : registry.find("evcache.client.zone.errors").counters()) {
      String tags = counter.getId().getTag("dataset") + " " + counter.getId().getTag("operation") + " "
          + counter.getId().getTag("zone");
      byTags.merge(tags, Math.round(counter.count()), Long::sum);
    }
    byTags.values().removeIf(n -> n == 0);
    return byTags.isEmpty() ? "none" : byTags.toString();
  }

  /** SendMessageBatch requests to other regions' queues that failed (and were retried). */
  static long failedPublishRequests(MeterRegistry registry) {
    return sum(registry, "evcache.publisher.requests", "result", "failed");
  }

  /** Operations the publisher gave up on (buffer and spool full, or closed with undelivered messages). */
  static long droppedPublishes(MeterRegistry registry) {
    return sum(registry, "evcache.publisher.dropped");
  }
}
