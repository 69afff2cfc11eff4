package dev.activeactive.relay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.activeactive.protocol.api.version.Version;
import dev.activeactive.protocol.api.wire.EnvelopeCodec;
import dev.activeactive.protocol.api.wire.Message;
import dev.activeactive.protocol.api.wire.MessageCodec;
import dev.activeactive.protocol.api.wire.Operation;
import dev.activeactive.protocol.api.zone.RawBytesTranscoder;
import dev.activeactive.relay.api.RelayFixture;
import dev.activeactive.sandbox.api.RegionEndpoints;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.RegionSandboxTest;
import dev.activeactive.sandbox.api.SandboxAws;
import dev.activeactive.sandbox.api.ZoneEndpoint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.spy.memcached.AddrUtil;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.MemcachedClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** The relay as a separate process: HTTP endpoints, SIGKILL mid-stream, SIGTERM. */
@RegionSandboxTest
class RelayProcessIT {
  private static final int MESSAGES = 1_000;
  private static final int OPS_PER_MESSAGE = 20;

  private RegionEndpoints west;

  @BeforeEach
  void purge(RegionSandbox sandbox) throws Exception {
    west = sandbox.region("us-west-2");
    try (RelayFixture fixture = new RelayFixture(sandbox, "us-east-1", "us-west-2")) {
      fixture.purgeQueues();
    }
  }

  /** Publishes MESSAGES packed messages of distinct keys from us-east-1; returns the version of each key. */
  private List<Version> publishStream(String prefix, int messageCount) {
    MessageCodec codec = new MessageCodec();
    List<Version> versions = new ArrayList<>();
    long micros = System.currentTimeMillis() * 1000;
    try (SqsClient sqs = SandboxAws.syncClient(west.queueEndpointFrom("us-east-1"), west.queues().awsRegion())) {
      List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
      for (int m = 0; m < messageCount; m++) {
        List<Operation> ops = new ArrayList<>();
        for (int o = 0; o < OPS_PER_MESSAGE; o++) {
          Version v = new Version(++micros, "us-east-1");
          versions.add(v);
          ops.add(Operation.replicate(prefix + ":" + (m * OPS_PER_MESSAGE + o), v, 0, 0,
              "value".getBytes(StandardCharsets.UTF_8)));
        }
        String body = codec.encodeBody(Message.of("us-east-1", System.currentTimeMillis(), 1, m, ops));
        batch.add(SendMessageBatchRequestEntry.builder().id("m" + m).messageBody(body).build());
        if (batch.size() == 10 || m == messageCount - 1) {
          List<SendMessageBatchRequestEntry> entries = List.copyOf(batch);
          sqs.sendMessageBatch(b -> b.queueUrl(west.queues().queueUrl()).entries(entries));
          batch.clear();
        }
      }
    }
    return versions;
  }

  /** Keys of the stream missing (or holding another version) in any zone. */
  private long missing(String prefix, List<Version> versions) throws Exception {
    long missing = 0;
    for (ZoneEndpoint zone : west.zones()) {
      MemcachedClient client = new MemcachedClient(new ConnectionFactoryBuilder().setOpTimeout(10_000).build(),
          AddrUtil.getAddresses(zone.memcachedHostPort()));
      try {
        for (int start = 0; start < versions.size(); start += 500) {
          List<String> keys = new ArrayList<>();
          for (int i = start; i < Math.min(versions.size(), start + 500); i++) {
            keys.add(prefix + ":" + i);
          }
          Map<String, byte[]> found = client.getBulk(keys, new RawBytesTranscoder());
          for (int i = start; i < start + keys.size(); i++) {
            byte[] bytes = found.get(prefix + ":" + i);
            if (bytes == null || !EnvelopeCodec.decode(bytes).version().equals(versions.get(i))) {
              missing++;
            }
          }
        }
      } finally {
        client.shutdown();
      }
    }
    return missing;
  }

  @Test
  void healthAndMetricsAnswerOverHttp() throws Exception {
    try (RelayProcess relay = new RelayProcess(west, Map.of())) {
      await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
          .untilAsserted(() -> assertThat(relay.get("/health").statusCode()).isEqualTo(200));
      assertThat(relay.get("/health").body()).startsWith("UP region=us-west-2");
      List<Version> versions = publishStream("http-check", 20);
      await().atMost(Duration.ofSeconds(60)).until(() -> relay.applied() >= 20);
      assertThat(missing("http-check", versions)).isZero();
      String metrics = relay.get("/metrics").body();
      assertThat(metrics).contains("relay_messages_total{outcome=\"applied\",region=\"us-west-2\"}");
      assertThat(metrics).contains("relay_lag_seconds_bucket");
      assertThat(metrics).contains("relay_operations_applied_total");
      assertThat(metrics).contains("jvm_memory_used_bytes");
    }
  }

  @Test
  void aRelayKilledMidStreamAndRestartedLosesNothing() throws Exception {
    List<Version> versions = publishStream("crash", MESSAGES);
    try (RelayProcess first = new RelayProcess(west, Map.of())) {
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(10))
          .until(() -> first.applied() >= 50);
      first.kill();
      assertThat(first.process().exitValue()).as("killed by SIGKILL").isEqualTo(137);
    }
    assertThat(missing("crash", versions)).as("keys missing right after the crash").isPositive();
    try (RelayProcess second = new RelayProcess(west, Map.of())) {
      await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
          .until(() -> missing("crash", versions) == 0);
    }
  }

  @Test
  void sigtermStopsGracefullyAndTheNextRelayFinishesTheRest() throws Exception {
    List<Version> versions = publishStream("term", MESSAGES);
    try (RelayProcess first = new RelayProcess(west, Map.of())) {
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(10))
          .until(() -> first.applied() >= 20);
      first.process().destroy(); // SIGTERM
      assertThat(first.process().waitFor(40, TimeUnit.SECONDS)).as("stopped within the grace period").isTrue();
      assertThat(first.logText()).contains("stopping: no new receives");
      assertThat(first.logText()).contains("stopped");
    }
    try (RelayProcess second = new RelayProcess(west, Map.of())) {
      await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
          .until(() -> missing("term", versions) == 0);
    }
  }
}
