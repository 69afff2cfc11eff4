package dev.activeactive.relay.service.internal.dlq;

import dev.activeactive.protocol.api.wire.MalformedMessageException;
import dev.activeactive.protocol.api.wire.Message;
import dev.activeactive.protocol.api.wire.MessageCodec;
import dev.activeactive.protocol.api.wire.MessageSigner;
import dev.activeactive.protocol.api.wire.Operation;
import dev.activeactive.relay.api.RelayConfig;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What a dead letter is, decoded the way the relay decodes it with the configuration given (so with its signing
 * secrets): the reason the relay rejects it now, or {@code APPLIES} when it would now apply; and its contents,
 * decoded without the signature check when that is what fails, so that a message signed with a secret the relay
 * does not know yet can still be described. Never holds a secret; values are shown only when asked.
 */
final class DeadLetterView {
  /** The reason shown for a message the relay would now accept. */
  static final String APPLIES = "APPLIES";

  private final MessageCodec relayCodec;
  private final MessageCodec unverified = new MessageCodec(MessageCodec.SQS_MAX_BODY_BYTES, null);
  private final String region;

  DeadLetterView(RelayConfig config) {
    MessageSigner signer = config.requiresSignature()
        ? MessageSigner.rotating(config.signingSecrets().get(0), config.signingSecrets())
        : null;
    relayCodec = new MessageCodec(MessageCodec.SQS_MAX_BODY_BYTES, signer);
    region = config.region();
  }

  /**
   * One dead letter described.
   *
   * @param reason why the relay rejects it now ({@code MalformedMessageException.Reason}, {@code OWN_REGION}),
   *     or {@link #APPLIES}
   * @param detail the decoder's explanation, or empty
   * @param message its contents when they decode (unverified when the signature is what fails)
   */
  record Described(String reason, String detail, Optional<Message> message) {
    String datasets() {
      return message.isEmpty() ? "-" : String.join(",", datasetList());
    }

    /** The datasets its operations touch, sorted, each once; empty when it does not decode. */
    List<String> datasetList() {
      return message.map(m -> List.copyOf(new TreeSet<>(m.operations().stream().map(Operation::dataset).toList())))
          .orElse(List.of());
    }

    String keyCount() {
      return message.map(m -> Integer.toString(m.operations().size())).orElse("-");
    }

    String origin() {
      return message.map(Message::originRegion).orElse("-");
    }
  }

  Described describe(DeadLetter letter) {
    try {
      Message message = relayCodec.decodeBody(letter.body());
      if (message.originRegion().equals(region)) {
        return new Described("OWN_REGION", "claims to come from this relay's own region " + region,
            Optional.of(message));
      }
      return new Described(APPLIES, "", Optional.of(message));
    } catch (MalformedMessageException e) {
      Optional<Message> contents = Optional.empty();
      try {
        contents = Optional.of(unverified.decodeBody(letter.body()));
      } catch (MalformedMessageException | RuntimeException ignored) {
        // not decodable at all: nothing more to show
      }
      return new Described(e.reason().name(), e.getMessage(), contents);
    } catch (RuntimeException e) {
      return new Described("DECODER_ERROR", e.toString(), Optional.empty());
    }
  }
}
