package dev.activeactive.relay.e2e;

import static dev.activeactive.relay.e2e.E2eFixture.EAST;
import static dev.activeactive.relay.e2e.E2eFixture.WEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.activeactive.evcache.api.DatasetConfig;
import dev.activeactive.evcache.api.EVCacheClient;
import dev.activeactive.evcache.api.ReplicationPolicy;
import dev.activeactive.evcache.api.ValueCodec;
import dev.activeactive.relay.api.InvalidationRelay;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.RegionSandboxTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Message signing end to end: a relay that holds the shared secret applies what a signing client publishes and
 * rejects what a client without the secret publishes.
 */
@RegionSandboxTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignedEndToEndIT {

  private static final Duration AWAIT = Duration.ofSeconds(60);
  private static final byte[] SECRET = "a-shared-secret-of-32-bytes-long".getBytes(StandardCharsets.US_ASCII);

  private final String dataset = "signed-" + UUID.randomUUID().toString().substring(0, 8);
  private E2eFixture fixture;
  private EVCacheClient signing;
  private EVCacheClient unsigned;
  private EVCacheClient west;
  private InvalidationRelay relay;

  @BeforeAll
  void start(RegionSandbox sandbox) {
    E2eFixture.purgeQueues(sandbox);
    fixture = new E2eFixture(sandbox);
    DatasetConfig config = DatasetConfig.builder(dataset).replication(ReplicationPolicy.REPLICATE).build();
    signing = fixture.client(EAST, true, p -> p.signingSecret(SECRET), config);
    unsigned = fixture.client(EAST, true, config);
    west = fixture.client(WEST, false, config);
    relay = fixture.relay(WEST, b -> b.signingSecret(SECRET));
  }

  @AfterAll
  void stop() {
    fixture.close();
  }

  @Test
  void signedMessagesApplyAndUnsignedOnesAreRejected() throws Exception {
    unsigned.dataset(dataset, ValueCodec.utf8()).set("forged", "from a client without the secret");
    unsigned.flush().get(30, TimeUnit.SECONDS);
    signing.dataset(dataset, ValueCodec.utf8()).set("genuine", "signed");
    signing.flush().get(30, TimeUnit.SECONDS);

    await().atMost(AWAIT).until(() -> "signed".equals(west.dataset(dataset, ValueCodec.utf8()).get("genuine")));
    await().atMost(AWAIT).until(() -> relay.stats().rejectedTotal() >= 1);
    assertThat(relay.stats().messagesRejected()).containsKey("MISSING_SIGNATURE");
    assertThat(west.dataset(dataset, ValueCodec.utf8()).get("forged")).isNull();
  }
}
