package dev.activeactive.relay.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.activeactive.protocol.api.version.Version;
import dev.activeactive.protocol.api.wire.Message;
import dev.activeactive.protocol.api.wire.MessageCodec;
import dev.activeactive.protocol.api.wire.Operation;
import dev.activeactive.relay.api.InvalidationRelay;
import dev.activeactive.relay.api.RelayConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class MessageHandlerTest {
  private final MessageCodec codec = new MessageCodec();
  private final RelayConfig config = InvalidationRelay.builder().region("us-west-2").queue("q")
      .zone("a", "h:1").zone("b", "h:2").toConfig();

  /** Records what it was asked to apply; fails when told to. */
  private static final class RecordingZone implements ZoneApplier {
    final String name;
    final List<Operation> applied = new ArrayList<>();
    boolean down;

    RecordingZone(String name) {
      this.name = name;
    }

    @Override
    public String zone() {
      return name;
    }

    @Override
    public CompletableFuture<Void> applyAll(List<Operation> operations) {
      if (down) {
        return CompletableFuture.failedFuture(new IllegalStateException("connection refused"));
      }
      applied.addAll(operations);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean isReachable() {
      return !down;
    }

    @Override
    public void close() {}
  }

  private String body(String origin, Operation... ops) {
    return codec.encodeBody(Message.of(origin, 1_000, 1, 1, List.of(ops)));
  }

  @Test
  void appliesEveryOperationInEveryZone() {
    RecordingZone a = new RecordingZone("a");
    RecordingZone b = new RecordingZone("b");
    MessageHandler handler = new MessageHandler(codec, List.of(a, b), config);
    Operation one = Operation.invalidate("profiles:x", new Version(5, "us-east-1"));
    Operation two = Operation.delete("profiles:y", new Version(6, "us-east-1"));
    HandleOutcome outcome = handler.handle(body("us-east-1", one, two)).join();
    assertThat(outcome).isEqualTo(new HandleOutcome.Applied(2, 1_000, "us-east-1"));
    assertThat(a.applied).containsExactly(one, two);
    assertThat(b.applied).containsExactly(one, two);
  }

  @Test
  void aFailingZoneMeansRetryNotApplied() {
    RecordingZone a = new RecordingZone("a");
    RecordingZone b = new RecordingZone("b");
    b.down = true;
    MessageHandler handler = new MessageHandler(codec, List.of(a, b), config);
    HandleOutcome outcome = handler.handle(body("us-east-1",
        Operation.invalidate("profiles:x", new Version(5, "us-east-1")))).join();
    assertThat(outcome).isInstanceOf(HandleOutcome.Retry.class);
  }

  @Test
  void garbageAndOwnRegionMessagesAreRejectedWithAReasonAndNothingApplied() {
    RecordingZone a = new RecordingZone("a");
    MessageHandler handler = new MessageHandler(codec, List.of(a), config);
    assertThat(handler.handle("hello").join()).isInstanceOfSatisfying(HandleOutcome.Rejected.class,
        r -> assertThat(r.reason()).isNotBlank());
    assertThat(handler.handle(body("us-west-2", Operation.invalidate("profiles:x", new Version(5, "us-west-2"))))
        .join()).isInstanceOfSatisfying(HandleOutcome.Rejected.class,
            r -> assertThat(r.reason()).isEqualTo("OWN_REGION"));
    String good = body("us-east-1", Operation.invalidate("profiles:x", new Version(5, "us-east-1")));
    String truncated = good.substring(0, good.length() - 8);
    assertThat(handler.handle(truncated).join()).isInstanceOf(HandleOutcome.Rejected.class);
    assertThat(a.applied).isEmpty();
  }
}
