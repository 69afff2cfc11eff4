package dev.activeactive.relay.internal;

import dev.activeactive.protocol.api.wire.MalformedMessageException;
import dev.activeactive.protocol.api.wire.Message;
import dev.activeactive.protocol.api.wire.MessageCodec;
import dev.activeactive.relay.api.RelayConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Turns one SQS message body into an outcome: decode (checking the signature where one is required), then
 * apply every operation to every zone. Nothing is applied from a message that does not decode in full, so a
 * corrupt message can never be applied in part.
 */
final class MessageHandler {
  private final MessageCodec codec;
  private final List<ZoneApplier> zones;
  private final RelayConfig config;

  MessageHandler(MessageCodec codec, List<ZoneApplier> zones, RelayConfig config) {
    this.codec = codec;
    this.zones = List.copyOf(zones);
    this.config = config;
  }

  CompletableFuture<HandleOutcome> handle(String body) {
    Message message;
    try {
      message = codec.decodeBody(body);
    } catch (MalformedMessageException e) {
      return CompletableFuture.completedFuture(new HandleOutcome.Rejected(e.reason().name(), e.getMessage()));
    } catch (RuntimeException e) {
      // a decoder bug must not stop the relay; the message is kept for inspection in the dead-letter queue
      return CompletableFuture.completedFuture(new HandleOutcome.Rejected("DECODER_ERROR", e.toString()));
    }
    if (message.originRegion().equals(config.region())) {
      // a region never publishes to itself; such a message is misrouted or forged
      return CompletableFuture.completedFuture(new HandleOutcome.Rejected("OWN_REGION",
          "message claims to come from this relay's own region " + config.region()));
    }
    List<CompletableFuture<?>> applied = new ArrayList<>(zones.size());
    for (ZoneApplier zone : zones) {
      applied.add(zone.applyAll(message.operations()));
    }
    return CompletableFuture.allOf(applied.toArray(CompletableFuture[]::new))
        .<HandleOutcome>thenApply(v -> new HandleOutcome.Applied(message.operations().size(), message.publishTimeMillis(),
            message.originRegion()))
        .exceptionally(HandleOutcome.Retry::new);
  }
}
