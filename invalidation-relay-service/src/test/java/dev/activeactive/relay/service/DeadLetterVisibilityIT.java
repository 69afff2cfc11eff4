package dev.activeactive.relay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.activeactive.protocol.api.version.Version;
import dev.activeactive.protocol.api.wire.Message;
import dev.activeactive.protocol.api.wire.MessageCodec;
import dev.activeactive.protocol.api.wire.MessageSigner;
import dev.activeactive.protocol.api.wire.Operation;
import dev.activeactive.relay.api.RelayFixture;
import dev.activeactive.relay.service.internal.RelayMain;
import dev.activeactive.sandbox.api.RegionEndpoints;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.RegionSandboxTest;
import dev.activeactive.sandbox.api.SandboxAws;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * What the {@code dlq} commands leave behind for the next command (and the next operator): reading the DLQ hides
 * each message it receives (SQS has no other way to walk a queue), so a command must make every message visible
 * again when it is done, also when it is stopped half-way (Ctrl-C, a closed pipe), not leave them hidden for the
 * hold of minutes. Poison messages (signed with a secret the relay does not know) are put straight into us-west-2's
 * dead-letter queue, as maxReceiveCount failed receives would; the sandbox runs at its default WAN profile.
 */
@RegionSandboxTest
class DeadLetterVisibilityIT {
  private static final Duration AWAIT = Duration.ofSeconds(90);
  private static final byte[] KNOWN_SECRET = "the-known-secret-0123456789".getBytes(StandardCharsets.UTF_8);
  private static final byte[] UNKNOWN_SECRET = "the-unknown-secret-987654321".getBytes(StandardCharsets.UTF_8);
  private static final Pattern ROW = Pattern.compile("(?m)^([0-9a-f-]{36})\\s+\\S+\\s+\\d+\\s+\\S+\\s+BAD_SIGNATURE\\s");

  private RelayFixture fixture;
  private RegionEndpoints region;
  private SqsClient sqs;
  private RelayCli cli;
  private Process forked;

  @BeforeEach
  void setUp(RegionSandbox sandbox) throws Exception {
    fixture = new RelayFixture(sandbox, "us-east-1", "us-west-2");
    fixture.purgeQueues();
    region = sandbox.region("us-west-2");
    sqs = SandboxAws.syncClient(region);
    cli = new RelayCli(region, KNOWN_SECRET);
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    if (forked != null && forked.isAlive()) {
      forked.destroyForcibly();
      forked.waitFor();
    }
    sqs.close();
    fixture.close();
  }

  @Test
  void showAndRedriveRightAfterAListSeeEveryDeadLetter() {
    int count = 150;
    poisonDeadLetterQueue(count);

    RelayCli.Run list = cli.run("dlq", "list");
    assertThat(list.exitCode()).as(list.output()).isZero();
    assertThat(list.output()).contains(count + " dead letter(s)");
    List<String> ids = ids(list.output());
    assertThat(ids).hasSize(count);

    // right after the listing, nothing is hidden: show finds any of them, first or last listed
    for (String id : List.of(ids.get(0), ids.get(count / 2), ids.get(count - 1))) {
      RelayCli.Run show = cli.run("dlq", "show", id);
      assertThat(show.exitCode()).as(show.output()).isZero();
      assertThat(show.output()).contains("id:        " + id).contains("reason:    BAD_SIGNATURE");
    }
    // and show hid nothing either: redrive moves every one (no relay runs, so they wait in the queue)
    RelayCli.Run redrive = cli.run("dlq", "redrive");
    assertThat(redrive.exitCode()).as(redrive.output()).isZero();
    assertThat(redrive.output()).contains("moved " + count + " of " + count);
  }

  @Test
  void aListingStoppedHalfWayLeavesNothingHidden() throws Exception {
    int count = 1500;
    poisonDeadLetterQueue(count);

    Path log = Files.createTempFile("dlq-list", ".log");
    forked = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), RelayMain.class.getName(),
        "dlq", "list", "--config", cli.config().toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    // polled often: the stop must land while most of the queue is still unread, also on an idle machine
    await().atMost(AWAIT).pollInterval(Duration.ofMillis(5)).until(() -> Files.readString(log).contains("... read 100"));
    forked.destroy(); // SIGTERM, as Ctrl-C or a closed terminal stops it
    assertThat(forked.waitFor(60, TimeUnit.SECONDS)).as("the listing ends after SIGTERM").isTrue();
    assertThat(Files.readString(log)).as("stopped before it had read the whole queue")
        .doesNotContain(count + " dead letter(s)");

    // at once, not after the hold: every message can be read again
    RelayCli.Run list = cli.run("dlq", "list");
    assertThat(list.exitCode()).as(list.output()).isZero();
    assertThat(list.output()).contains(count + " dead letter(s)");
  }

  /** {@code count} messages the relay rejects with BAD_SIGNATURE, straight into the dead-letter queue. */
  private void poisonDeadLetterQueue(int count) {
    MessageCodec foreign = new MessageCodec(MessageCodec.SQS_MAX_BODY_BYTES, MessageSigner.of(UNKNOWN_SECRET));
    List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Version v = new Version(System.currentTimeMillis() * 1000, "us-east-1");
      String body = foreign.encodeBody(Message.of("us-east-1", System.currentTimeMillis(), 7L, i,
          List.of(Operation.invalidate((i % 2 == 0 ? "profiles:" : "sessions:") + i, v))));
      batch.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(body).build());
      if (batch.size() == 10 || i == count - 1) {
        List<SendMessageBatchRequestEntry> entries = List.copyOf(batch);
        assertThat(sqs.sendMessageBatch(b -> b.queueUrl(region.queues().deadLetterQueueUrl()).entries(entries))
            .failed()).isEmpty();
        batch.clear();
      }
    }
  }

  private static List<String> ids(String listing) {
    Set<String> ids = new LinkedHashSet<>();
    Matcher m = ROW.matcher(listing);
    while (m.find()) {
      ids.add(m.group(1));
    }
    return new ArrayList<>(ids);
  }
}
