package dev.activeactive.relay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.activeactive.protocol.api.version.Version;
import dev.activeactive.protocol.api.wire.MessageCodec;
import dev.activeactive.protocol.api.wire.MessageSigner;
import dev.activeactive.protocol.api.wire.Operation;
import dev.activeactive.relay.api.InvalidationRelay;
import dev.activeactive.relay.api.InvalidationRelayBuilder;
import dev.activeactive.relay.api.RelayFixture;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.RegionSandboxTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code invalidation-relay dlq ...} against the sandbox at the default WAN profile: a message signed with a
 * secret the relay does not know yet lands in the DLQ; list and show describe it without its value; once the
 * secret is added, redrive sends it back and it applies.
 */
@RegionSandboxTest
class DeadLetterCommandsIT {
  private static final Duration AWAIT = Duration.ofSeconds(90);
  private static final byte[] OLD_SECRET = "the-old-secret-0123456789".getBytes(StandardCharsets.UTF_8);
  private static final byte[] NEW_SECRET = "the-new-secret-9876543210".getBytes(StandardCharsets.UTF_8);
  private static final Pattern ROW = Pattern.compile("(?m)^([0-9a-f-]{36})\\s+\\S+\\s+(\\d+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)$");

  private RelayFixture publisher;
  private RelayFixture reader;
  private InvalidationRelay relay;

  @BeforeEach
  void setUp(RegionSandbox sandbox) throws Exception {
    // us-east-1's clients already sign with the new secret; the relay still knows only the old one
    publisher = new RelayFixture(sandbox, "us-east-1", "us-west-2",
        new MessageCodec(MessageCodec.SQS_MAX_BODY_BYTES, MessageSigner.of(NEW_SECRET)));
    reader = new RelayFixture(sandbox, "us-east-1", "us-west-2");
    publisher.purgeQueues();
  }

  @AfterEach
  void tearDown() {
    if (relay != null) {
      relay.close();
    }
    publisher.close();
    reader.close();
  }

  private InvalidationRelay startRelay(byte[]... secrets) {
    InvalidationRelayBuilder builder = publisher.relayBuilder();
    for (byte[] secret : secrets) {
      builder.signingSecret(secret);
    }
    return builder.build().start();
  }

  private static Version version() {
    return new Version(System.currentTimeMillis() * 1000, "us-east-1");
  }

  @Test
  void aMessageSignedWithAnUnknownSecretIsDescribedThenRedrivenOnceTheSecretIsAdded(RegionSandbox sandbox)
      throws Exception {
    relay = startRelay(OLD_SECRET);
    Version v = version();
    publisher.publish(Operation.replicate("profiles:poison", v, 0, 0, "secret-value".getBytes(StandardCharsets.UTF_8)),
        Operation.invalidate("sessions:poison", v));
    // rejected, then in the DLQ after maxReceiveCount receives (not necessarily all this relay's: a long poll
    // left by an earlier test's killed relay may take one, as a crashed relay's would in production)
    await().atMost(AWAIT).until(() -> relay.stats().messagesRejected().getOrDefault("BAD_SIGNATURE", 0L) >= 1);
    RelayCli oldCli = new RelayCli(sandbox.region("us-west-2"), OLD_SECRET);
    await().atMost(AWAIT).untilAsserted(() -> assertThat(oldCli.run("dlq", "list").output()).contains("1 dead letter(s)"));

    RelayCli.Run list = oldCli.run("dlq", "list");
    assertThat(list.exitCode()).isZero();
    Matcher row = ROW.matcher(list.output());
    assertThat(row.find()).as(list.output()).isTrue();
    String id = row.group(1);
    assertThat(Integer.parseInt(row.group(2))).as("receives").isGreaterThanOrEqualTo(5);
    assertThat(row.group(3)).as("origin").isEqualTo("us-east-1");
    assertThat(row.group(4)).as("reason").isEqualTo("BAD_SIGNATURE");
    assertThat(row.group(5)).as("datasets").isEqualTo("profiles,sessions");
    assertThat(row.group(6)).as("keys").isEqualTo("2");
    assertThat(list.output()).doesNotContain("profiles:poison").doesNotContain("secret-value")
        .doesNotContain(Base64.getEncoder().encodeToString("secret-value".getBytes(StandardCharsets.UTF_8)));

    RelayCli.Run show = oldCli.run("dlq", "show", id);
    assertThat(show.exitCode()).isZero();
    assertThat(show.output()).contains("reason:    BAD_SIGNATURE").contains("signature NOT verified")
        .contains("REPLICATE profiles:poison").contains("value=12 bytes").contains("INVALIDATE sessions:poison")
        .contains("values hidden").doesNotContain("c2VjcmV0LXZhbHVl");
    assertThat(oldCli.run("dlq", "show", id, "--show-values").output()).contains("c2VjcmV0LXZhbHVl");
    assertThat(oldCli.run("dlq", "show", "no-such-id").exitCode()).isEqualTo(1);
    assertThat(reader.stored(0, "profiles:poison")).as("never applied").isNull();

    // the cause removed: the relay learns the new secret
    relay.close();
    relay = startRelay(OLD_SECRET, NEW_SECRET);
    RelayCli newCli = new RelayCli(sandbox.region("us-west-2"), OLD_SECRET, NEW_SECRET);
    assertThat(newCli.run("dlq", "list").output()).containsPattern("BAD_SIGNATURE|APPLIES").contains(" APPLIES ");
    RelayCli.Run notYet = newCli.run("dlq", "redrive", "--older-than", "1h");
    assertThat(notYet.output()).contains("moved 0 of 0");
    RelayCli.Run redrive = newCli.run("dlq", "redrive");
    assertThat(redrive.exitCode()).as(redrive.output()).isZero();
    assertThat(redrive.output()).contains("moved 1 of 1");
    await().atMost(AWAIT).ignoreExceptions().untilAsserted(() -> {
      for (int zone = 0; zone < reader.zoneCount(); zone++) {
        assertThat(reader.stored(zone, "profiles:poison").version()).isEqualTo(v);
        assertThat(reader.stored(zone, "sessions:poison").isTombstone()).isTrue();
      }
    });
    // idempotent: nothing left to move
    assertThat(newCli.run("dlq", "redrive").output()).contains("moved 0 of 0");
    assertThat(newCli.run("dlq", "list").output()).contains("0 dead letter(s)");
  }

  @Test
  void redriveHonoursMaxAndPurgeNeedsConfirmation(RegionSandbox sandbox) throws Exception {
    relay = startRelay(OLD_SECRET);
    for (int i = 0; i < 3; i++) {
      publisher.publish(Operation.invalidate("profiles:p" + i, version()));
    }
    RelayCli cli = new RelayCli(sandbox.region("us-west-2"), OLD_SECRET);
    await().atMost(AWAIT).untilAsserted(() -> assertThat(cli.run("dlq", "list").output()).contains("3 dead letter(s)"));
    relay.close();
    relay = null;
    // no relay runs now, so what redrive moves stays in the queue where it can be counted
    RelayCli.Run one = cli.run("dlq", "redrive", "--max", "1");
    assertThat(one.output()).contains("moved 1 of 1");
    assertThat(cli.run("dlq", "list").output()).contains("2 dead letter(s)");
    assertThat(cli.run("dlq", "redrive", "--older-than", "soon").exitCode()).isEqualTo(2);

    RelayCli.Run refused = cli.run("dlq", "purge");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.output()).contains("not purged").contains("--yes");
    assertThat(cli.run("dlq", "list").output()).contains("2 dead letter(s)");
    assertThat(cli.run("dlq", "purge", "--yes").exitCode()).isZero();
    await().atMost(AWAIT).untilAsserted(() -> assertThat(cli.run("dlq", "list").output()).contains("0 dead letter(s)"));
  }
}
