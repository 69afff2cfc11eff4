package dev.activeactive.relay.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The queue's backlog as meters: messages visible, in flight and delayed (the queue's approximate attributes,
 * read every {@code interval}), the dead-letter queue's depth, and the age of the oldest message received
 * lately (from SQS's {@code SentTimestamp}). Values are NaN until the first read succeeds; a failed read keeps
 * the last values and {@code relay.backlog.read.age} says how old they are.
 */
final class QueueBacklog {
  private static final Logger log = LoggerFactory.getLogger(QueueBacklog.class);

  private final SqsAsyncClient sqs;
  private final String queueUrl;
  private final Optional<String> deadLetterQueueUrl;
  private final RelayMetrics metrics;
  private final Duration interval;
  private volatile double visible = Double.NaN;
  private volatile double inflight = Double.NaN;
  private volatile double delayed = Double.NaN;
  private volatile double deadLetters = Double.NaN;
  private volatile long lastReadNanos;
  private volatile double oldestAgeSeconds;
  private volatile long lastTickNanos = System.nanoTime();
  /** Greatest age at receipt, in ms, of the messages received since the last tick; -1 when none. */
  private final AtomicLong oldestInWindowMillis = new AtomicLong(-1);
  private volatile boolean failing;
  private volatile boolean closed;

  QueueBacklog(SqsAsyncClient sqs, String queueUrl, Optional<String> deadLetterQueueUrl, RelayMetrics metrics,
      MeterRegistry registry, String region, Duration interval) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.deadLetterQueueUrl = deadLetterQueueUrl;
    this.metrics = metrics;
    this.interval = interval;
    gauge(registry, region, "visible", b -> b.visible, "messages waiting to be received");
    gauge(registry, region, "inflight", b -> b.inflight, "messages received by a relay and not yet deleted");
    gauge(registry, region, "delayed", b -> b.delayed, "messages sent with a delay that has not passed yet");
    Gauge.builder("relay.dlq.messages", this, b -> b.deadLetters).tag("region", region)
        .description("messages in the dead-letter queue (visible and in flight); NaN when the queue has none")
        .register(registry);
    TimeGauge.builder("relay.backlog.oldest.age", this, TimeUnit.SECONDS, b -> b.oldestAgeSeconds)
        .tag("region", region)
        .description("age (since SQS received it) of the oldest message received in the last interval; while "
            + "nothing is received and messages are visible, it grows with the time since")
        .register(registry);
    TimeGauge.builder("relay.backlog.read.age", this, TimeUnit.SECONDS, QueueBacklog::readAgeSeconds)
        .tag("region", region)
        .description("time since the queue's attributes were last read successfully (how stale the backlog is)")
        .register(registry);
  }

  private void gauge(MeterRegistry registry, String region, String state,
      java.util.function.ToDoubleFunction<QueueBacklog> value, String description) {
    // the gauge holds this object (referenced by the relay's scheduler) weakly, as Micrometer gauges do
    Gauge.builder("relay.backlog.messages", this, value)
        .tag("region", region).tag("state", state).description(description).register(registry);
  }

  /** A message was received; {@code sentMillis} is its SentTimestamp (0 when SQS did not give one). */
  void received(long sentMillis, long receivedAtMillis) {
    if (sentMillis > 0) {
      long age = Math.max(0, receivedAtMillis - sentMillis);
      oldestInWindowMillis.accumulateAndGet(age, Math::max);
    }
  }

  /** Reads the attributes once; called every interval by the relay's scheduler. Never throws. */
  void tick() {
    long now = System.nanoTime();
    long windowOldest = oldestInWindowMillis.getAndSet(-1);
    if (windowOldest >= 0) {
      oldestAgeSeconds = windowOldest / 1000.0;
    } else if (visible > 0) {
      // nothing received although messages wait (receiving paused, or cut off): they keep ageing
      oldestAgeSeconds += (now - lastTickNanos) / 1e9;
    } else {
      oldestAgeSeconds = 0;
    }
    lastTickNanos = now;
    try {
      CompletableFuture<Map<QueueAttributeName, String>> queue = attributes(queueUrl);
      CompletableFuture<Map<QueueAttributeName, String>> dlq = deadLetterQueueUrl.map(this::attributes)
          .orElse(CompletableFuture.completedFuture(Map.of()));
      Map<QueueAttributeName, String> q = queue.get(interval.toMillis(), TimeUnit.MILLISECONDS);
      Map<QueueAttributeName, String> d = dlq.get(interval.toMillis(), TimeUnit.MILLISECONDS);
      visible = number(q, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
      inflight = number(q, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
      delayed = number(q, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);
      if (deadLetterQueueUrl.isPresent()) {
        deadLetters = number(d, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
            + number(d, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
      }
      lastReadNanos = System.nanoTime();
      if (failing) {
        log.info("reading the backlog of {} works again", queueUrl);
        failing = false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      if (closed) {
        return; // the relay is stopping and closed the SQS client under this read
      }
      metrics.sqsError("attributes");
      if (!failing) {
        log.warn("cannot read the backlog of {} (the backlog meters keep their last values): {}", queueUrl,
            e.toString());
        failing = true;
      }
    }
  }

  /** Called as the relay stops: reads failing from now on are the shutdown's, not SQS's. */
  void close() {
    closed = true;
  }

  private CompletableFuture<Map<QueueAttributeName, String>> attributes(String url) {
    return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
        .thenApply(r -> r.attributes());
  }

  private static double number(Map<QueueAttributeName, String> attributes, QueueAttributeName name) {
    String value = attributes.get(name);
    return value == null ? 0 : Double.parseDouble(value);
  }

  private double readAgeSeconds() {
    long last = lastReadNanos;
    return last == 0 ? Double.NaN : (System.nanoTime() - last) / 1e9;
  }
}
