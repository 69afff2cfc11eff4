package dev.activeactive.relay.service.internal.dlq;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code dlq list}: every dead letter, one line each (never values, keys or secrets), then counts by reason. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List the dead letters: id, age, receives, origin, reason the relay rejects it now (APPLIES: it "
        + "would apply now), datasets, key count. Messages are hidden from other readers while listed.")
final class DlqListCommand implements Callable<Integer> {
  @Mixin
  DlqCommand.Shared shared;

  @Override
  public Integer call() {
    try (DlqCommand.Session s = shared.open()) {
      s.out().println("dead-letter queue " + s.queue().deadLetterQueueUrl() + " (about " + s.queue().approximateDepth()
          + " messages)");
      List<DeadLetter> letters = s.queue().receiveAll(n -> {
        if (n % 100 == 0) {
          s.out().println("... read " + n);
          s.out().flush();
        }
      });
      try {
        long now = System.currentTimeMillis();
        Map<String, Integer> byReason = new TreeMap<>();
        s.out().printf("%-36s  %7s  %8s  %-12s  %-20s  %-24s  %s%n", "ID", "AGE", "RECEIVES", "ORIGIN", "REASON",
            "DATASETS", "KEYS");
        for (DeadLetter l : letters) {
          DeadLetterView.Described d = s.view().describe(l);
          byReason.merge(d.reason(), 1, Integer::sum);
          s.out().printf("%-36s  %7s  %8d  %-12s  %-20s  %-24s  %s%n", l.messageId(), DlqCommand.age(l.ageMillis(now)),
              l.receiveCount(), d.origin(), d.reason(), d.datasets(), d.keyCount());
        }
        s.out().println(letters.size() + " dead letter(s)" + (byReason.isEmpty() ? "" : ", by reason: " + byReason));
      } finally {
        s.queue().release(letters);
      }
      return 0;
    }
  }
}
