package dev.activeactive.sandbox.internal.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.activeactive.sandbox.api.CassandraEndpoint;
import dev.activeactive.sandbox.api.QueueEndpoints;
import dev.activeactive.sandbox.api.RegionEndpoints;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.SandboxAws;
import dev.activeactive.sandbox.api.SandboxBackend;
import dev.activeactive.sandbox.api.SandboxComponent;
import dev.activeactive.sandbox.api.ZoneEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.spy.memcached.AddrUtil;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.FailureMode;
import net.spy.memcached.MemcachedClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/**
 * The containers backend serves the same real servers as the process backend. Skipped, not failed, where no
 * Docker engine runs (CI runs the process backend).
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerRegionSandboxIT {
  private static RegionSandbox sandbox;

  @BeforeAll
  static void startContainers() {
    sandbox = RegionSandbox.builder()
        .backend(SandboxBackend.CONTAINERS)
        .maxReceiveCount(2)
        .build();
    assertThat(sandbox).isInstanceOf(ContainerRegionSandbox.class);
    sandbox.require(SandboxComponent.MEMCACHED, SandboxComponent.SQS, SandboxComponent.CASSANDRA);
  }

  @AfterAll
  static void removeContainers() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @AfterEach
  void healEverything() {
    sandbox.faults().healAll();
  }

  private static MemcachedClient clientFor(ZoneEndpoint zone) throws Exception {
    return new MemcachedClient(new ConnectionFactoryBuilder()
        .setFailureMode(FailureMode.Retry)
        .setOpTimeout(2_000)
        .build(), AddrUtil.getAddresses(zone.memcachedHostPort()));
  }

  @Test
  void everyZoneIsItsOwnMemcached16() throws Exception {
    for (RegionEndpoints region : sandbox.topology().regions()) {
      assertThat(region.zones()).hasSize(2);
      for (ZoneEndpoint zone : region.zones()) {
        MemcachedClient client = clientFor(zone);
        try {
          assertThat(client.set("zone", 60, zone.name()).get()).isTrue();
          assertThat(client.get("zone")).isEqualTo(zone.name());
          assertThat(client.getVersions().values()).allSatisfy(v -> assertThat(v).startsWith("1.6"));
        } finally {
          client.shutdown();
        }
      }
    }
    assertThat(sandbox.status()).filteredOn(s -> s.kind().equals("memcached")).hasSize(4).allMatch(s -> s.isUp());
  }

  @Test
  void aStoppedZoneComesBackEmptyOnTheSamePort() throws Exception {
    ZoneEndpoint zone = sandbox.region("us-west-2").zones().get(1);
    MemcachedClient client = clientFor(zone);
    try {
      client.set("before-restart", 600, "v").get();
      sandbox.faults().stopMemcached("us-west-2", zone.name());
      assertThat(sandbox.status()).anySatisfy(s -> {
        assertThat(s.name()).isEqualTo("memcached " + zone.name());
        assertThat(s.state()).isEqualTo("down");
      });
      sandbox.faults().startMemcached("us-west-2", zone.name());
      assertThat(sandbox.region("us-west-2").zone(zone.name()).memcached()).isEqualTo(zone.memcached());
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
        assertThat(client.set("after-restart", 60, "w").get()).isTrue();
        assertThat(client.get("before-restart")).isNull();
      });
    } finally {
      client.shutdown();
    }
  }

  @Test
  void queuesSendReceiveAndDeadLetterThroughTheSdk() {
    RegionEndpoints east = sandbox.region("us-east-1");
    QueueEndpoints queues = east.queues();
    try (SqsClient sqs = SandboxAws.syncClient(east)) {
      sqs.sendMessage(b -> b.queueUrl(queues.queueUrl()).messageBody("hello"));
      List<Message> got = sqs.receiveMessage(b -> b.queueUrl(queues.queueUrl()).waitTimeSeconds(2)).messages();
      assertThat(got).extracting(Message::body).containsExactly("hello");
      sqs.deleteMessage(b -> b.queueUrl(queues.queueUrl()).receiptHandle(got.get(0).receiptHandle()));

      sqs.sendMessage(b -> b.queueUrl(queues.queueUrl()).messageBody("poison"));
      int receives = 0;
      while (receives < queues.maxReceiveCount()) {
        receives += sqs.receiveMessage(ReceiveMessageRequest.builder().queueUrl(queues.queueUrl())
            .visibilityTimeout(0).waitTimeSeconds(1).build()).messages().size();
      }
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        sqs.receiveMessage(ReceiveMessageRequest.builder().queueUrl(queues.queueUrl())
            .visibilityTimeout(0).waitTimeSeconds(1).build());
        List<Message> dead = sqs.receiveMessage(b -> b.queueUrl(queues.deadLetterQueueUrl()).waitTimeSeconds(1))
            .messages();
        assertThat(dead).extracting(Message::body).containsExactly("poison");
      });
    }
  }

  @Test
  void partitionCutsTheQueuePathAndHealRestoresIt() {
    RegionEndpoints west = sandbox.region("us-west-2");
    String queueUrl = west.queues().queueUrl();
    try (SqsClient fromEast = SandboxAws.syncClient(west.queueEndpointFrom("us-east-1"), west.queues().awsRegion());
        SqsClient local = SandboxAws.syncClient(west)) {
      fromEast.sendMessage(b -> b.queueUrl(queueUrl).messageBody("before"));

      sandbox.faults().partition("us-east-1", "us-west-2");
      assertThatThrownBy(() -> fromEast.sendMessage(b -> b.queueUrl(queueUrl).messageBody("during")))
          .isInstanceOf(SdkClientException.class);
      local.sendMessage(b -> b.queueUrl(queueUrl).messageBody("local during"));

      sandbox.faults().heal("us-east-1", "us-west-2");
      fromEast.sendMessage(b -> b.queueUrl(queueUrl).messageBody("after"));

      List<String> bodies = new ArrayList<>();
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        local.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
            .messages().forEach(m -> {
              bodies.add(m.body());
              local.deleteMessage(d -> d.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            });
        assertThat(bodies).containsExactlyInAnyOrder("before", "local during", "after");
      });
    }
  }

  @Test
  void aWriteAtLocalQuorumInOneDatacenterIsReadAtLocalOneInTheOther() {
    CassandraEndpoint east = sandbox.region("us-east-1").cassandraNode().orElseThrow();
    CassandraEndpoint west = sandbox.region("us-west-2").cassandraNode().orElseThrow();
    try (CqlSession eastSession = session(east); CqlSession westSession = session(west)) {
      eastSession.execute("CREATE KEYSPACE IF NOT EXISTS sandbox_check WITH replication = {'class':"
          + " 'NetworkTopologyStrategy', 'us-east-1': 1, 'us-west-2': 1}");
      eastSession.execute("CREATE TABLE IF NOT EXISTS sandbox_check.kv (k text PRIMARY KEY, v text)");
      eastSession.execute(SimpleStatement.newInstance("INSERT INTO sandbox_check.kv (k, v) VALUES ('k', 'east')")
          .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));

      await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
        Row row = westSession.execute(SimpleStatement.newInstance("SELECT v FROM sandbox_check.kv WHERE k = 'k'")
            .setConsistencyLevel(ConsistencyLevel.LOCAL_ONE)).one();
        assertThat(row).isNotNull();
        assertThat(row.getString("v")).isEqualTo("east");
      });
    }
  }

  private static CqlSession session(CassandraEndpoint endpoint) {
    return CqlSession.builder()
        .addContactPoint(endpoint.contactPoint())
        .withLocalDatacenter(endpoint.datacenter())
        .build();
  }
}
