package dev.activeactive.relay.service.internal.dlq;

import dev.activeactive.protocol.api.wire.Message;
import dev.activeactive.protocol.api.wire.Operation;
import dev.activeactive.protocol.api.wire.OperationType;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dlq show ID}: one dead letter decoded, operation by operation; values only with --show-values. */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = "Show one dead letter decoded: why the relay rejects it now, its header and its operations "
        + "(key, type, version, rules, expiry, value size). Values are hidden unless --show-values.")
final class DlqShowCommand implements Callable<Integer> {
  @Mixin
  DlqCommand.Shared shared;

  @Parameters(index = "0", paramLabel = "ID", description = "The message id, as dlq list prints it.")
  String id;

  @Option(names = "--show-values", description = "Also print REPLICATE values (Base64). They may hold user data.")
  boolean showValues;

  @Override
  public Integer call() {
    try (DlqCommand.Session s = shared.open(); HeldMessages held = s.queue().hold()) {
      // stops at the letter; only it is kept, and everything read on the way is released when this ends
      AtomicReference<DeadLetter> found = new AtomicReference<>();
      AtomicInteger read = new AtomicInteger();
      DeadLetterQueue.Walk walk = s.queue().forEachOnce(held, l -> {
        read.incrementAndGet();
        if (l.messageId().equals(id)) {
          found.set(l);
          return false;
        }
        return true;
      });
      DeadLetter letter = found.get();
      if (letter == null && walk == DeadLetterQueue.Walk.STOPPED) {
        s.out().println("stopped after " + read.get() + " message(s) without finding " + id);
        return 1;
      }
      if (letter == null) {
        s.out().println("no dead letter with id " + id + " (" + read.get() + " in the queue; dlq list shows them)");
        return 1;
      }
      print(s, letter, s.view().describe(letter));
      return 0;
    }
  }

  private void print(DlqCommand.Session s, DeadLetter l, DeadLetterView.Described d) {
    var out = s.out();
    out.println("id:        " + l.messageId());
    out.println("sent:      " + (l.sentMillis() == 0 ? "unknown" : Instant.ofEpochMilli(l.sentMillis()) + " ("
        + DlqCommand.age(l.ageMillis(System.currentTimeMillis())) + " ago)"));
    out.println("receives:  " + l.receiveCount());
    out.println("reason:    " + d.reason() + (d.detail().isEmpty() ? "" : " (" + d.detail() + ")"));
    out.println("body:      " + l.body().length() + " characters");
    if (d.message().isEmpty()) {
      out.println("contents:  not decodable");
      return;
    }
    Message m = d.message().get();
    out.println("origin:    " + m.originRegion() + (m.signed() ? ", signature verified"
        : d.reason().contains("SIGNATURE") ? ", signature NOT verified" : ""));
    out.println("published: " + Instant.ofEpochMilli(m.publishTimeMillis()));
    out.println("producer:  " + m.producerId() + ", sequence " + m.sequence());
    out.println("operations (" + m.operations().size() + "):");
    for (Operation op : m.operations()) {
      StringBuilder line = new StringBuilder("  ").append(op.type()).append(' ').append(op.key())
          .append(" version=").append(op.version()).append(op.rules().plainDelete() ? " plain-delete" : " tombstone=" + op.rules().tombstoneTtlSeconds() + "s");
      if (op.type() == OperationType.REPLICATE) {
        line.append(" expiry=").append(op.expiryEpochSeconds() == 0 ? "none"
                : Instant.ofEpochSecond(op.expiryEpochSeconds()).toString())
            .append(" flags=").append(op.flags()).append(" value=").append(op.value().length).append(" bytes");
        if (showValues) {
          line.append(' ').append(Base64.getEncoder().encodeToString(op.value()));
        }
      }
      out.println(line);
    }
    if (!showValues && m.operations().stream().anyMatch(o -> o.type() == OperationType.REPLICATE)) {
      out.println("(values hidden; --show-values prints them)");
    }
  }
}
