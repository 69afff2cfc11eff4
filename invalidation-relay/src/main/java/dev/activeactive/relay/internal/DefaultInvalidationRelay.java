package dev.activeactive.relay.internal;

import dev.activeactive.protocol.api.wire.MessageCodec;
import dev.activeactive.protocol.api.wire.MessageSigner;
import dev.activeactive.relay.api.InvalidationRelay;
import dev.activeactive.relay.api.RejectedMessages;
import dev.activeactive.relay.api.RelayConfig;
import dev.activeactive.relay.api.RelayStats;
import dev.activeactive.relay.api.ZoneConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClientBuilder;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Wires the relay's parts: the SQS client, one poller per configured loop, the handler and the zones. */
public final class DefaultInvalidationRelay implements InvalidationRelay {
  private static final Logger log = LoggerFactory.getLogger(DefaultInvalidationRelay.class);
  /** How long {@link #start()} waits for the zones' connections before polling anyway. */
  private static final Duration ZONE_CONNECT_WAIT = Duration.ofSeconds(5);

  private final RelayConfig config;
  private final MeterRegistry registry;
  private final SqsAsyncClient sqs;
  private final List<ZoneApplier> zones = new ArrayList<>();
  private final RelayMetrics metrics;
  private final List<QueuePoller> pollers = new ArrayList<>();
  private final List<CompletableFuture<Void>> running = new ArrayList<>();
  /** How often each zone is probed. */
  private static final Duration PROBE_INTERVAL = Duration.ofMillis(500);
  private final java.util.concurrent.ScheduledExecutorService probes;
  private CompletableFuture<Void> shutdown;
  private QueueBacklog backlog;
  private boolean started;

  public DefaultInvalidationRelay(RelayConfig config, AwsCredentialsProvider credentials, MeterRegistry registry) {
    this(config, credentials, registry, (zone, metrics) -> new MemcachedZoneApplier(zone, config, metrics));
  }

  DefaultInvalidationRelay(RelayConfig config, AwsCredentialsProvider credentials, MeterRegistry registry,
      BiFunction<ZoneConfig, RelayMetrics, ZoneApplier> zoneFactory) {
    this.config = config;
    this.registry = registry;
    this.metrics = new RelayMetrics(registry, config.region());
    SqsAsyncClientBuilder builder = SqsAsyncClient.builder()
        .region(Region.of(config.awsRegion()))
        .credentialsProvider(credentials)
        .httpClientBuilder(NettyNioAsyncHttpClient.builder()
            .maxConcurrency(Math.max(50, config.pollers() * 4))
            // a long poll holds its connection for receiveWait; the read timeout must exceed it
            .readTimeout(config.receiveWait().plusSeconds(10))
            .connectionTimeout(Duration.ofSeconds(2)))
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            .apiCallAttemptTimeout(config.receiveWait().plusSeconds(10))
            .build());
    config.sqsEndpoint().ifPresent(builder::endpointOverride);
    // one thread per zone: a probe blocks up to the memcached timeout, and a frozen zone must not delay the others
    // (and one for the backlog reads, which wait up to the backlog interval)
    this.probes = java.util.concurrent.Executors.newScheduledThreadPool(config.zones().size() + 1, r -> {
      Thread t = new Thread(r, "relay-probe");
      t.setDaemon(true);
      return t;
    });
    this.sqs = builder.build();
    try {
      for (ZoneConfig zone : config.zones()) {
        zones.add(zoneFactory.apply(zone, metrics));
      }
    } catch (RuntimeException e) {
      zones.forEach(ZoneApplier::close);
      sqs.close();
      throw e;
    }
  }

  @Override
  public synchronized InvalidationRelay start() {
    if (started) {
      throw new IllegalStateException("This relay was already started; build a new one to start again");
    }
    QueueUrls urls = resolveQueueUrls();
    String queueUrl = urls.queue();
    for (ZoneApplier zone : zones) {
      metrics.zone(zone.zone(), zone::isReachable);
      probes.scheduleWithFixedDelay(zone::probe, 0, PROBE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }
    metrics.readiness(this::isReady);
    backlog = new QueueBacklog(sqs, queueUrl, urls.deadLetterQueue(), metrics, registry,
        config.region(), config.backlogInterval());
    probes.scheduleWithFixedDelay(backlog::tick, 0, config.backlogInterval().toMillis(), TimeUnit.MILLISECONDS);
    awaitZonesConnected();
    started = true;
    MessageSigner signer = config.requiresSignature()
        ? MessageSigner.rotating(config.signingSecrets().get(0), config.signingSecrets())
        : null;
    MessageHandler handler = new MessageHandler(new MessageCodec(MessageCodec.SQS_MAX_BODY_BYTES, signer), zones, config);
    RejectLog rejectLog = new RejectLog();
    for (int i = 0; i < config.pollers(); i++) {
      QueuePoller poller = new QueuePoller(sqs, queueUrl, handler, metrics, backlog, rejectLog, config.receiveWait(),
          config.visibilityTimeout(), config.rejectedMessages(),
          () -> zones.stream().allMatch(ZoneApplier::isReachable));
      pollers.add(poller);
      running.add(poller.start());
    }
    log.info("relay for {} polling {} with {} loops over zones {}; effective configuration: {}", config.region(),
        queueUrl, config.pollers(), config.zones().stream().map(ZoneConfig::name).toList(), config);
    return this;
  }

  /**
   * Zones connect in the background and fail what they are given until then, which would send the first messages
   * back to the queue for a whole visibility timeout; so polling starts once every zone is connected, or after a
   * short bound (a zone that is down just makes its messages retry, as at any other time).
   */
  private void awaitZonesConnected() {
    long deadline = System.nanoTime() + ZONE_CONNECT_WAIT.toNanos();
    while (!zones.stream().allMatch(ZoneApplier::isReachable)) {
      if (System.nanoTime() - deadline >= 0) {
        log.warn("starting to poll although not every zone is connected after {} s: {}; their messages will be "
            + "retried until they are", ZONE_CONNECT_WAIT.toSeconds(),
            zones.stream().filter(z -> !z.isReachable()).map(ZoneApplier::zone).toList());
        return;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The replication queue's URL and, when its redrive policy names one that can be found, its DLQ's. */
  private record QueueUrls(String queue, java.util.Optional<String> deadLetterQueue) {}

  private QueueUrls resolveQueueUrls() {
    String queue = config.queue();
    try {
      String url = queue.startsWith("http://") || queue.startsWith("https://")
          ? queue
          : sqs.getQueueUrl(b -> b.queueName(queue)).get(30, TimeUnit.SECONDS).queueUrl();
      // fail fast on a wrong URL or credentials, before reporting ready
      var attributes = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.REDRIVE_POLICY))
          .get(30, TimeUnit.SECONDS).attributes();
      String policy = attributes.get(QueueAttributeName.REDRIVE_POLICY);
      checkRedrivePolicy(url, policy);
      return new QueueUrls(url, deadLetterQueueUrl(policy));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while looking up queue '" + queue + "'", e);
    } catch (RedrivePolicyMissing e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("Cannot find queue '" + queue + "' in " + config.awsRegion()
          + config.sqsEndpoint().map(u -> " at " + u).orElse("") + ": " + e.getMessage()
          + ". Check the queue name and the credentials, or give the queue URL.", e);
    }
  }

  /** The DLQ's URL, for its depth meter; empty (logged) when it cannot be found, which does not stop the relay. */
  private java.util.Optional<String> deadLetterQueueUrl(String redrivePolicy) {
    var policy = dev.activeactive.relay.api.RedrivePolicy.parse(redrivePolicy);
    if (policy.isEmpty()) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(sqs.getQueueUrl(b -> {
        b.queueName(policy.get().deadLetterQueueName());
        policy.get().deadLetterQueueAccount().ifPresent(b::queueOwnerAWSAccountId);
      }).get(30, TimeUnit.SECONDS).queueUrl());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return java.util.Optional.empty();
    } catch (Exception e) {
      log.warn("cannot find the dead-letter queue {} named by the redrive policy; relay.dlq.messages stays NaN: {}",
          policy.get().deadLetterQueueArn(), e.toString());
      return java.util.Optional.empty();
    }
  }

  /**
   * Without a redrive policy a rejected message would come back for ever; in {@link RejectedMessages#DEAD_LETTER_QUEUE}
   * mode, where it is made visible again at once, that is a hot loop. So that mode needs the policy, and
   * {@link RejectedMessages#BACK_OFF} says on purpose that the queue has none.
   */
  private void checkRedrivePolicy(String url, String redrivePolicy) {
    boolean present = redrivePolicy != null && !redrivePolicy.isBlank();
    if (!present && config.rejectedMessages() == RejectedMessages.DEAD_LETTER_QUEUE) {
      throw new RedrivePolicyMissing("Queue " + url + " has no redrive policy, so messages the relay rejects would "
          + "never reach a dead-letter queue and would loop. Give the queue a redrive policy (a dead-letter queue "
          + "and maxReceiveCount), or set rejected-messages = back-off (builder: rejectedMessages(BACK_OFF)) to run "
          + "without one; rejected messages are then hidden for 12 h each time they come back.");
    }
    log.info("queue {}: redrive policy {}; rejected messages: {}", url, present ? redrivePolicy : "none",
        config.rejectedMessages());
  }

  /** Start-up refused: the queue has no redrive policy and the configuration needs one. */
  static final class RedrivePolicyMissing extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    RedrivePolicyMissing(String message) {
      super(message);
    }
  }

  @Override
  public boolean isReady() {
    synchronized (this) {
      if (!started || shutdown != null) {
        return false;
      }
    }
    return pollers.stream().allMatch(QueuePoller::isPolling) && zones.stream().allMatch(ZoneApplier::isReachable);
  }

  @Override
  public RelayStats stats() {
    return metrics.snapshot();
  }

  /** The publish-to-apply lag histograms by origin region, for benchmarks and tests. */
  public java.util.Map<String, io.micrometer.core.instrument.Timer> lagTimers() {
    return metrics.lagTimers();
  }

  @Override
  public RelayConfig config() {
    return config;
  }

  @Override
  public synchronized CompletableFuture<Void> shutdown() {
    if (shutdown != null) {
      return shutdown;
    }
    pollers.forEach(QueuePoller::stop);
    CompletableFuture<Void> drained = CompletableFuture.allOf(running.toArray(CompletableFuture[]::new))
        .orTimeout(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(e -> {
          if (e instanceof TimeoutException || e.getCause() instanceof TimeoutException) {
            log.warn("messages still in flight after {}; they come back after the visibility timeout",
                config.shutdownGrace());
          }
          return null;
        });
    shutdown = drained.whenComplete((v, e) -> {
      if (backlog != null) {
        backlog.close();
      }
      probes.shutdownNow();
      zones.forEach(ZoneApplier::close);
      sqs.close();
      log.info("relay for {} stopped: {}", config.region(), metrics.snapshot());
    });
    return shutdown;
  }

  @Override
  public void close() {
    shutdown().join();
  }
}
