package dev.activeactive.evcache.internal.metrics;

import dev.activeactive.evcache.internal.client.CacheOperation;
import dev.activeactive.evcache.internal.client.ClientEvents;
import dev.activeactive.evcache.internal.publish.PublisherListener;
import dev.activeactive.protocol.api.apply.FillResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns the client's and the publisher's events into Micrometer counters. Meter names and tags are listed in
 * docs/evcache-client.md. Counters are looked up once per tag combination and cached.
 */
public final class MicrometerEvents implements ClientEvents, PublisherListener {

  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  /** Registers meters in {@code registry} as events happen. */
  public MicrometerEvents(MeterRegistry registry) {
    this.registry = registry;
  }

  private Counter counter(String name, String... tags) {
    String id = name + '|' + String.join("|", tags);
    Counter counter = counters.get(id);
    if (counter == null) {
      counter = counters.computeIfAbsent(id, k -> Counter.builder(name).tags(tags).register(registry));
    }
    return counter;
  }

  // ---- client ----

  @Override
  public void zoneFallback(String zone, String dataset, CacheOperation operation) {
    counter("evcache.client.zone.fallbacks", "dataset", dataset, "operation", operation.tag(), "zone", zone).increment();
  }

  @Override
  public void zoneError(String zone, String dataset, CacheOperation operation) {
    counter("evcache.client.zone.errors", "dataset", dataset, "operation", operation.tag(), "zone", zone).increment();
  }

  @Override
  public void fill(String dataset, FillResult result) {
    counter("evcache.client.fills", "dataset", dataset, "operation", CacheOperation.GET_OR_LOAD.tag(), "result",
        result.name().toLowerCase(Locale.ROOT)).increment();
  }

  @Override
  public void unreadableItem(String dataset) {
    counter("evcache.client.unreadable.items", "dataset", dataset).increment();
  }

  // ---- publisher ----

  @Override
  public void replicateFallback(String dataset) {
    counter("evcache.publisher.replicate.fallbacks", "dataset", dataset).increment();
  }

  @Override
  public void dropped(String region, String reason, long operations) {
    counter("evcache.publisher.dropped", "region", region, "reason", reason).increment(operations);
  }

  @Override
  public void coalesced(String region) {
    counter("evcache.publisher.coalesced", "region", region).increment();
  }

  @Override
  public void request(String region, boolean ok) {
    counter("evcache.publisher.requests", "region", region, "result", ok ? "ok" : "failed").increment();
  }

  @Override
  public void delivered(String region, int messages, long operations) {
    counter("evcache.publisher.messages", "region", region).increment(messages);
  }

  @Override
  public void spooled(String region, long operations) {
    counter("evcache.publisher.spooled.operations", "region", region).increment(operations);
  }
}
