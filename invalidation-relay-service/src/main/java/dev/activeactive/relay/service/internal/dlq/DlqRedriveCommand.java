package dev.activeactive.relay.service.internal.dlq;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dlq redrive}: dead letters back to the replication queue, body and attributes unchanged. Safe while
 * relays run and safe to repeat: a message is deleted from the DLQ only after the queue accepted it, so an
 * interruption can at worst send one twice, and relays apply an operation only if it is newer than what a zone
 * holds. A message whose cause is not fixed comes back to the DLQ after maxReceiveCount receives.
 */
@Command(name = "redrive", mixinStandardHelpOptions = true,
    description = "Send dead letters back to the replication queue (idempotent; safe while relays run: operations "
        + "still apply only if newer).")
final class DlqRedriveCommand implements Callable<Integer> {
  @Mixin
  DlqCommand.Shared shared;

  @Option(names = "--max", paramLabel = "N", description = "Move at most N messages (default: all).")
  int max = Integer.MAX_VALUE;

  @Option(names = "--older-than", paramLabel = "D", description = "Only messages first sent more than D ago, as "
      + "an ISO-8601 duration or 30s, 15m, 2h, 1d.")
  String olderThan;

  @Override
  public Integer call() {
    if (max < 1) {
      throw new IllegalArgumentException("--max must be at least 1, got " + max);
    }
    Duration minAge = olderThan == null ? Duration.ZERO : parseDuration(olderThan);
    try (DlqCommand.Session s = shared.open(); HeldMessages skipped = s.queue().hold()) {
      s.out().println("redriving from " + s.queue().deadLetterQueueUrl() + " to " + s.queue().queueUrl()
          + " (about " + s.queue().approximateDepth() + " dead letters" + (max == Integer.MAX_VALUE ? "" : ", at most "
          + max) + (olderThan == null ? "" : ", older than " + olderThan) + ")");
      AtomicInteger moved = new AtomicInteger();
      long now = System.currentTimeMillis();
      int taken = s.queue().select(l -> l.ageMillis(now) >= minAge.toMillis(), max, skipped, batch -> {
        int before = moved.get();
        moved.addAndGet(s.queue().moveBack(batch, skipped).size());
        if (moved.get() / 100 != before / 100 || moved.get() < 10) {
          s.out().println("... moved " + moved.get());
          s.out().flush();
        }
      });
      s.out().println("moved " + moved.get() + " of " + taken + " selected message(s) back to the queue");
      return 0;
    }
  }

  /** {@code PT15M}, or a number with s, m, h or d. */
  static Duration parseDuration(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      if (t.startsWith("p")) {
        return Duration.parse(text.trim().toUpperCase(java.util.Locale.ROOT));
      }
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      return switch (t.charAt(t.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        case 'd' -> Duration.ofDays(n);
        default -> throw new NumberFormatException();
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--older-than '" + text + "' is not a duration: give e.g. 30s, 15m, 2h, 1d "
          + "or PT15M");
    }
  }
}
