package dev.activeactive.relay.internal;

import dev.activeactive.relay.api.RelayStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The relay's meters, kept apart from the logic that moves messages. Every meter carries a {@code region} tag.
 *
 * <ul>
 *   <li>{@code relay.messages{outcome=applied|retried|rejected}}: messages by what became of them
 *   <li>{@code relay.messages.rejected{reason}}: rejected messages by reason
 *   <li>{@code relay.operations.applied}: operations applied (once each, however many zones)
 *   <li>{@code relay.operations.refused{reason,zone}}: operations a zone did not apply by the apply rules
 *       ({@code FUTURE_VERSION}, {@code REPLICATE_TOO_OLD})
 *   <li>{@code relay.lag{origin}}: publish-to-apply lag by the region that published the message, a histogram
 *       exported with percentile buckets; registered at a message's first apply from that origin, at most
 *       {@link #MAX_ORIGINS} origins (more share {@link #OTHER_ORIGINS})
 *   <li>{@code relay.receive.lag{origin}}: its SQS part, by origin too; {@code relay.apply.time}: the relay's part
 *   <li>{@code relay.sqs.errors{call=receive|delete|visibility}}: failed SQS calls
 *   <li>{@code relay.messages.inflight}: messages received and not yet settled
 *   <li>{@code relay.zone.reachable{zone}}, {@code relay.ready}: zone health and readiness, 1 or 0
 *   <li>the backlog meters of {@link QueueBacklog}
 * </ul>
 */
final class RelayMetrics {
  /**
   * Origin regions with a series of their own. The origin comes from the message header, which on an unsigned
   * queue anyone with send rights writes; the bound keeps a stream of made-up origins from growing the meters.
   */
  static final int MAX_ORIGINS = 32;
  /** The origin tag of every origin beyond {@link #MAX_ORIGINS}. */
  static final String OTHER_ORIGINS = "other";

  private final MeterRegistry registry;
  private final String region;
  private final LongAdder applied = new LongAdder();
  private final LongAdder operations = new LongAdder();
  private final LongAdder retried = new LongAdder();
  private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> refused = new ConcurrentHashMap<>();
  private final AtomicInteger inflight = new AtomicInteger();
  /** The lag and receive-lag timers of each origin region. */
  private final Map<String, Timer[]> byOrigin = new ConcurrentHashMap<>();
  private final Timer applyTime;

  RelayMetrics(MeterRegistry registry, String region) {
    this.registry = registry;
    this.region = region;
    FunctionCounter.builder("relay.messages", applied, LongAdder::sum).tag("region", region)
        .tag("outcome", "applied").description("messages applied in every zone and deleted").register(registry);
    FunctionCounter.builder("relay.messages", retried, LongAdder::sum).tag("region", region)
        .tag("outcome", "retried").description("messages left to retry after a zone failed").register(registry);
    FunctionCounter.builder("relay.operations.applied", operations, LongAdder::sum).tag("region", region)
        .description("operations applied in every zone").register(registry);
    Gauge.builder("relay.messages.inflight", inflight, AtomicInteger::get).tag("region", region)
        .description("messages received and not yet settled").register(registry);
    // registered at zero, so that alerts and dashboards see the series before the first error
    for (String call : new String[] {"receive", "delete", "visibility", "attributes"}) {
      sqsErrorCounter(call);
    }
    applyTime = Timer.builder("relay.apply.time")
        .tag("region", region)
        .description("time from receipt to applied in every zone (the relay's part of relay.lag)")
        .publishPercentiles(0.5, 0.9, 0.99)
        .register(registry);
  }

  /** A message applied in every zone and deleted from the queue. */
  void applied(int operationCount) {
    applied.increment();
    operations.add(operationCount);
  }

  /** A message from {@code origin} has its operations in every zone now: records its lag and the two parts. */
  void lag(String origin, long publishTimeMillis, long receivedAtMillis) {
    long now = System.currentTimeMillis();
    Timer[] timers = timers(origin);
    timers[0].record(Duration.ofMillis(Math.max(0, now - publishTimeMillis)));
    timers[1].record(Duration.ofMillis(Math.max(0, receivedAtMillis - publishTimeMillis)));
    applyTime.record(Duration.ofMillis(Math.max(0, now - receivedAtMillis)));
  }

  private Timer[] timers(String origin) {
    Timer[] known = byOrigin.get(origin);
    if (known != null) {
      return known;
    }
    synchronized (byOrigin) {
      int own = byOrigin.size() - (byOrigin.containsKey(OTHER_ORIGINS) ? 1 : 0);
      String tag = byOrigin.containsKey(origin) || own < MAX_ORIGINS ? origin : OTHER_ORIGINS;
      return byOrigin.computeIfAbsent(tag, this::register);
    }
  }

  private Timer[] register(String origin) {
    Timer lag = Timer.builder("relay.lag")
        .tag("region", region)
        .tag("origin", origin)
        .description("time from publish in the origin region to apply in every zone of this region")
        .publishPercentileHistogram()
        .publishPercentiles(0.5, 0.9, 0.99, 0.999)
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofMinutes(10))
        .register(registry);
    Timer receiveLag = Timer.builder("relay.receive.lag")
        .tag("region", region)
        .tag("origin", origin)
        .description("time from publish in the origin region to receipt by this relay (the SQS part of relay.lag)")
        .publishPercentiles(0.5, 0.9, 0.99)
        .register(registry);
    return new Timer[] {lag, receiveLag};
  }

  void retried() {
    retried.increment();
  }

  void rejected(String reason) {
    rejected.computeIfAbsent(reason, r -> {
      LongAdder adder = new LongAdder();
      FunctionCounter.builder("relay.messages", adder, LongAdder::sum).tag("region", region)
          .tag("outcome", "rejected").tag("reason", r).description("messages rejected as bad input")
          .register(registry);
      return adder;
    }).increment();
  }

  /** A zone did not apply an operation, by the apply rules (the message is still settled). */
  void refused(String reason, String zone) {
    refused.computeIfAbsent(reason + "\0" + zone, k -> {
      LongAdder adder = new LongAdder();
      FunctionCounter.builder("relay.operations.refused", adder, LongAdder::sum).tag("region", region)
          .tag("reason", reason).tag("zone", zone)
          .description("operations a zone did not apply: version beyond the skew bound, or too old for an absent key")
          .register(registry);
      return adder;
    }).increment();
  }

  void sqsError(String call) {
    sqsErrorCounter(call).increment();
  }

  private Counter sqsErrorCounter(String call) {
    return Counter.builder("relay.sqs.errors").tag("region", region).tag("call", call)
        .description("failed SQS calls").register(registry);
  }

  void received(int count) {
    inflight.addAndGet(count);
  }

  void settled(int count) {
    inflight.addAndGet(-count);
  }

  /** {@code relay.zone.reachable{zone}}: 1 while every server of the zone answers its health probe, else 0. */
  void zone(String zone, java.util.function.BooleanSupplier reachable) {
    // strong: nothing else holds the supplier, and a weakly held one would read NaN after a GC
    Gauge.builder("relay.zone.reachable", reachable, r -> r.getAsBoolean() ? 1 : 0).strongReference(true)
        .tag("region", region)
        .tag("zone", zone).description("1 while every server of the zone answers its health probe").register(registry);
  }

  /** {@code relay.ready}: 1 while the relay is ready (what /health reports), else 0. */
  void readiness(java.util.function.BooleanSupplier ready) {
    Gauge.builder("relay.ready", ready, r -> r.getAsBoolean() ? 1 : 0).strongReference(true).tag("region", region)
        .description("1 while polling works and every zone answers").register(registry);
  }

  /** The lag timer of each origin seen so far ({@link #OTHER_ORIGINS} for those beyond the limit). */
  Map<String, Timer> lagTimers() {
    Map<String, Timer> lags = new TreeMap<>();
    byOrigin.forEach((origin, timers) -> lags.put(origin, timers[0]));
    return lags;
  }

  RelayStats snapshot() {
    Map<String, Long> byReason = new TreeMap<>();
    rejected.forEach((reason, adder) -> byReason.put(reason, adder.sum()));
    Map<String, Long> refusedByReason = new TreeMap<>();
    refused.forEach((key, adder) -> refusedByReason.merge(key.substring(0, key.indexOf('\0')), adder.sum(), Long::sum));
    return new RelayStats(applied.sum(), operations.sum(), retried.sum(), byReason, refusedByReason);
  }
}
