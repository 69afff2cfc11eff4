package dev.activeactive.examples.region;

import dev.activeactive.relay.api.InvalidationRelay;
import dev.activeactive.relay.api.InvalidationRelayBuilder;
import dev.activeactive.relay.api.RelayStats;
import dev.activeactive.evcache.api.ZoneConfig;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The region's invalidation relay, run inside the service process, which can stop it and start a new one (a
 * region coming back after an evacuation). In production the relay usually runs as its own service; embedding it
 * keeps the sample to one process per region.
 *
 * <p>Each relay gets its own meter registry: a relay registers its meters when it is built, so a restarted relay
 * would otherwise be shadowed by the meters of the one it replaced.
 */
public final class EmbeddedRelay implements AutoCloseable {

  private final RegionSettings settings;
  private volatile InvalidationRelay relay;
  private volatile PrometheusMeterRegistry registry;

  EmbeddedRelay(RegionSettings settings) {
    this.settings = settings;
  }

  /** Starts a relay if none runs. */
  public synchronized void start() {
    if (relay != null) {
      return;
    }
    PrometheusMeterRegistry fresh = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    InvalidationRelayBuilder builder = InvalidationRelay.builder()
        .region(settings.region())
        .queue(settings.queueUrl())
        .awsRegion(settings.awsRegion())
        // a message whose apply failed comes back after 10 s; 5 receives stay inside the 60 s tombstones
        .visibilityTimeout(Duration.ofSeconds(10))
        // shorter long polls than SQS's 20 s let a stop finish quickly; a poll still returns as soon as work arrives
        .receiveWait(Duration.ofSeconds(5))
        .shutdownGrace(Duration.ofSeconds(5))
        // no dataset rules here: each message carries them as the region's clients configure the datasets
        .meterRegistry(fresh);
    settings.queueEndpoint().ifPresent(builder::sqsEndpoint);
    settings.credentials().ifPresent(builder::credentials);
    for (ZoneConfig zone : settings.zones()) {
      builder.zone(zone.name(), zone.servers().toArray(String[]::new));
    }
    relay = builder.build().start();
    registry = fresh;
  }

  /** Stops the relay (messages in flight finish or come back to the queue); nothing happens if none runs. */
  public synchronized void stop() {
    InvalidationRelay running = relay;
    relay = null;
    if (running != null) {
      running.close();
    }
  }

  /** Whether a relay runs. */
  public boolean isRunning() {
    return relay != null;
  }

  /** Whether a relay runs, polls, and reaches every zone. */
  public boolean isReady() {
    InvalidationRelay running = relay;
    return running != null && running.isReady();
  }

  /** The running relay's counts since it started; empty when none runs. */
  public Optional<RelayStats> stats() {
    return Optional.ofNullable(relay).map(InvalidationRelay::stats);
  }

  /** Publish-to-apply lag of the running relay: mean and max since start, in milliseconds; empty when none runs. */
  public Optional<LagSummary> lag() {
    PrometheusMeterRegistry current = registry;
    if (relay == null || current == null) {
      return Optional.empty();
    }
    // one timer per origin region: counted together, as the relay's lag from all of them
    java.util.Collection<Timer> timers = current.find("relay.lag").timers();
    if (timers.isEmpty()) {
      return Optional.empty();
    }
    long count = timers.stream().mapToLong(Timer::count).sum();
    double total = timers.stream().mapToDouble(t -> t.totalTime(TimeUnit.MILLISECONDS)).sum();
    double max = timers.stream().mapToDouble(t -> t.max(TimeUnit.MILLISECONDS)).max().orElse(0);
    return Optional.of(new LagSummary(count, count == 0 ? 0 : total / count, max));
  }

  /** The running relay's meters in Prometheus text format; empty text when none runs. */
  public String scrape() {
    PrometheusMeterRegistry current = registry;
    return relay == null || current == null ? "" : current.scrape();
  }

  @Override
  public void close() {
    stop();
  }

  /**
   * Publish-to-apply lag.
   *
   * @param messages messages timed
   * @param meanMillis mean lag
   * @param maxMillis the largest lag recently seen (Micrometer's decaying max)
   */
  public record LagSummary(long messages, double meanMillis, double maxMillis) {}
}
