package dev.activeactive.relay.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.activeactive.evcache.internal.apply.ApplyResult;
import dev.activeactive.evcache.internal.version.Version;
import dev.activeactive.evcache.internal.wire.Message;
import dev.activeactive.evcache.internal.wire.MessageCodec;
import dev.activeactive.evcache.internal.wire.Operation;
import dev.activeactive.relay.api.InvalidationRelay;
import dev.activeactive.relay.api.RelayConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

class QueuePollerTest {
  private final MessageCodec codec = new MessageCodec();
  private final RelayConfig config = InvalidationRelay.builder().region("us-west-2").queue("q")
      .zone("a", "h:1").toConfig();
  private final RelayMetrics metrics = new RelayMetrics(new SimpleMeterRegistry(), "us-west-2");

  /** A queue whose receives and deletes the test answers by hand. */
  private static final class FakeSqs implements SqsAsyncClient {
    final ConcurrentLinkedQueue<CompletableFuture<ReceiveMessageResponse>> receives = new ConcurrentLinkedQueue<>();
    final List<String> deleted = new CopyOnWriteArrayList<>();
    final List<CompletableFuture<DeleteMessageBatchResponse>> deletes = new CopyOnWriteArrayList<>();
    final List<String> releasedForRetry = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<ReceiveMessageResponse> receiveMessage(ReceiveMessageRequest request) {
      CompletableFuture<ReceiveMessageResponse> f = new CompletableFuture<>();
      receives.add(f);
      return f;
    }

    @Override
    public CompletableFuture<DeleteMessageBatchResponse> deleteMessageBatch(DeleteMessageBatchRequest request) {
      request.entries().stream().map(DeleteMessageBatchRequestEntry::receiptHandle).forEach(deleted::add);
      CompletableFuture<DeleteMessageBatchResponse> f = new CompletableFuture<>();
      deletes.add(f);
      return f;
    }

    @Override
    public CompletableFuture<ChangeMessageVisibilityResponse> changeMessageVisibility(
        ChangeMessageVisibilityRequest request) {
      releasedForRetry.add(request.receiptHandle());
      return CompletableFuture.completedFuture(ChangeMessageVisibilityResponse.builder().build());
    }

    /** The one receive outstanding, answered off the caller's thread as the SDK would. */
    void answer(List<software.amazon.awssdk.services.sqs.model.Message> messages) {
      CompletableFuture<ReceiveMessageResponse> f = receives.poll();
      assertThat(f).as("a receive is outstanding").isNotNull();
      CompletableFuture.runAsync(() -> f.complete(ReceiveMessageResponse.builder().messages(messages).build()))
          .join();
    }

    int outstandingReceives() {
      return (int) receives.stream().filter(f -> !f.isDone()).count();
    }

    @Override
    public String serviceName() {
      return "sqs";
    }

    @Override
    public void close() {}
  }

  /** A zone whose applications complete when the test says so. */
  private static final class GatedZone implements ZoneApplier {
    final List<CompletableFuture<ApplyResult>> pending = new CopyOnWriteArrayList<>();

    @Override
    public String zone() {
      return "a";
    }

    @Override
    public CompletableFuture<ApplyResult> apply(Operation operation) {
      CompletableFuture<ApplyResult> f = new CompletableFuture<>();
      pending.add(f);
      return f;
    }

    void completeAll() {
      pending.forEach(f -> f.complete(ApplyResult.STORED_VALUE));
    }

    @Override
    public boolean isReachable() {
      return true;
    }

    @Override
    public void close() {}
  }

  private software.amazon.awssdk.services.sqs.model.Message message(int n) {
    String body = codec.encodeBody(Message.of("us-east-1", System.currentTimeMillis(), 1, n,
        List.of(Operation.invalidate("bench:k" + n, new Version(5, "us-east-1")))));
    return software.amazon.awssdk.services.sqs.model.Message.builder().messageId("m" + n)
        .receiptHandle("r" + n).body(body).build();
  }

  private List<software.amazon.awssdk.services.sqs.model.Message> messages(int from, int count) {
    return IntStream.range(from, from + count).mapToObj(this::message).toList();
  }

  private QueuePoller poller(FakeSqs sqs, ZoneApplier zone, int maxUnsettled) {
    MessageHandler handler = new MessageHandler(codec, List.of(zone), config);
    return new QueuePoller(sqs, "q", handler, metrics, new RejectLog(), Duration.ofSeconds(20),
        Duration.ofSeconds(30), maxUnsettled);
  }

  @Test
  void receivesAgainWhileEarlierMessagesAreStillBeingApplied() {
    FakeSqs sqs = new FakeSqs();
    GatedZone zone = new GatedZone();
    QueuePoller poller = poller(sqs, zone, 30);
    poller.start();
    sqs.answer(messages(0, 10));
    // the first batch is not applied yet, and the next receive is already waiting
    assertThat(zone.pending).hasSize(10);
    assertThat(sqs.outstandingReceives()).isEqualTo(1);
    assertThat(sqs.deleted).isEmpty();
    zone.completeAll();
    assertThat(sqs.deleted).containsExactlyElementsOf(IntStream.range(0, 10).mapToObj(i -> "r" + i).toList());
    assertThat(metrics.snapshot().messagesApplied()).isEqualTo(10);
  }

  @Test
  void stopsReceivingAtTheCapOfUnsettledMessagesAndResumesWhenTheyAreSettled() {
    FakeSqs sqs = new FakeSqs();
    GatedZone zone = new GatedZone();
    QueuePoller poller = poller(sqs, zone, 20);
    poller.start();
    sqs.answer(messages(0, 10));
    sqs.answer(messages(10, 10));
    assertThat(poller.unsettled()).isEqualTo(20);
    assertThat(sqs.outstandingReceives()).isZero();
    zone.completeAll();
    // applied, but not settled until the delete answers: still no room
    assertThat(sqs.outstandingReceives()).isZero();
    sqs.deletes.forEach(d -> d.complete(DeleteMessageBatchResponse.builder().build()));
    assertThat(poller.unsettled()).isZero();
    assertThat(sqs.outstandingReceives()).isEqualTo(1);
  }

  @Test
  void deletesOnlyMessagesAppliedInFullAndReleasesRejectedOnes() {
    FakeSqs sqs = new FakeSqs();
    GatedZone zone = new GatedZone();
    QueuePoller poller = poller(sqs, zone, 30);
    poller.start();
    List<software.amazon.awssdk.services.sqs.model.Message> batch = new ArrayList<>(messages(0, 2));
    batch.add(software.amazon.awssdk.services.sqs.model.Message.builder().messageId("bad").receiptHandle("rbad")
        .body("not a message").build());
    sqs.answer(batch);
    zone.pending.get(0).complete(ApplyResult.STORED_VALUE);
    zone.pending.get(1).completeExceptionally(new IllegalStateException("zone down"));
    assertThat(sqs.deleted).containsExactly("r0");
    assertThat(sqs.releasedForRetry).containsExactly("rbad");
    assertThat(metrics.snapshot().messagesRetried()).isEqualTo(1);
  }

  @Test
  void stopFinishesOnlyOnceTheMessagesInFlightAreSettled() throws Exception {
    FakeSqs sqs = new FakeSqs();
    GatedZone zone = new GatedZone();
    QueuePoller poller = poller(sqs, zone, 30);
    CompletableFuture<Void> finished = poller.start();
    sqs.answer(messages(0, 3));
    poller.stop();
    assertThat(sqs.receives).allSatisfy(f -> assertThat(f).isCancelled());
    assertThat(finished).isNotDone();
    zone.completeAll();
    assertThat(finished).isNotDone();
    sqs.deletes.forEach(d -> d.complete(DeleteMessageBatchResponse.builder().build()));
    finished.get(5, TimeUnit.SECONDS);
    assertThat(sqs.deleted).containsExactly("r0", "r1", "r2");
    assertThat(sqs.outstandingReceives()).isZero();
  }
}
