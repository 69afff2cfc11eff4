package dev.activeactive.relay.service.internal.dlq;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dlq list}: every dead letter, one line each as it is read (never values, keys or secrets), then a
 * summary (counts by reason and dataset, oldest and newest, a few ids per reason). Bodies are summarised and
 * dropped as they arrive, so memory does not grow with the DLQ's bodies; every message is visible again when the
 * listing ends or is stopped.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List the dead letters: id, age, receives, origin, reason the relay rejects it now (APPLIES: it "
        + "would apply now), datasets, key count; then counts by reason and dataset. While the listing runs, the "
        + "messages it has read are hidden from other readers; all are visible again when it ends or is stopped.")
final class DlqListCommand implements Callable<Integer> {
  /** How often a long listing says how far it got. */
  static final int PROGRESS_EVERY = 100;

  @Mixin
  DlqCommand.Shared shared;

  @Option(names = "--samples", paramLabel = "N", description = "Ids kept per reason for the summary (default: 3).")
  int samples = 3;

  @Override
  public Integer call() {
    if (samples < 0) {
      throw new IllegalArgumentException("--samples must not be negative, got " + samples);
    }
    try (DlqCommand.Session s = shared.open(); HeldMessages held = s.queue().hold()) {
      var out = s.out();
      out.println("dead-letter queue " + s.queue().deadLetterQueueUrl() + " (about " + s.queue().approximateDepth()
          + " messages)");
      out.printf("%-36s  %7s  %8s  %-12s  %-20s  %-24s  %s%n", "ID", "AGE", "RECEIVES", "ORIGIN", "REASON",
          "DATASETS", "KEYS");
      DeadLetterSummary summary = new DeadLetterSummary(samples);
      long now = System.currentTimeMillis();
      DeadLetterQueue.Walk walk = s.queue().forEachOnce(held, l -> {
        DeadLetterView.Described d = s.view().describe(l);
        summary.add(l.messageId(), d.reason(), d.datasetList(), l.sentMillis() == 0 ? -1 : l.ageMillis(now));
        out.printf("%-36s  %7s  %8d  %-12s  %-20s  %-24s  %s%n", l.messageId(), DlqCommand.age(l.ageMillis(now)),
            l.receiveCount(), d.origin(), d.reason(), d.datasets(), d.keyCount());
        if (summary.count() % PROGRESS_EVERY == 0) {
          out.println("... read " + summary.count());
          out.flush();
        }
        return true;
      });
      if (walk == DeadLetterQueue.Walk.STOPPED) {
        out.println("stopped after " + summary.count() + " message(s), before the end of the queue; all are visible "
            + "again");
        return 1;
      }
      print(out, summary);
      return 0;
    }
  }

  private static void print(java.io.PrintWriter out, DeadLetterSummary summary) {
    out.println(summary.count() + " dead letter(s)"
        + (summary.byReason().isEmpty() ? "" : ", by reason: " + summary.byReason()));
    if (summary.count() == 0) {
      return;
    }
    out.println("by dataset: " + summary.byDataset());
    if (summary.oldestMillis() >= 0) {
      out.println("oldest: " + DlqCommand.age(summary.oldestMillis()) + ", newest: "
          + DlqCommand.age(summary.newestMillis()));
    }
    summary.samples().forEach((reason, ids) -> {
      if (!ids.isEmpty()) {
        out.println("e.g. " + reason + ": " + String.join(" ", ids) + " (dlq show ID)");
      }
    });
  }
}
