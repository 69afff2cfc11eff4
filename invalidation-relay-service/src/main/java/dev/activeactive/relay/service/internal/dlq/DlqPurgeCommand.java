package dev.activeactive.relay.service.internal.dlq;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dlq purge --yes}: deletes every dead letter; refuses without --yes. */
@Command(name = "purge", mixinStandardHelpOptions = true,
    description = "Delete every dead letter (SQS PurgeQueue). The operations in them are lost for good: "
        + "the region keeps whatever its zones hold for those keys until they expire.")
final class DlqPurgeCommand implements Callable<Integer> {
  @Mixin
  DlqCommand.Shared shared;

  @Option(names = "--yes", description = "Confirm that the dead letters are to be deleted.")
  boolean yes;

  @Override
  public Integer call() {
    try (DlqCommand.Session s = shared.open()) {
      long depth = s.queue().approximateDepth();
      if (!yes) {
        s.out().println("not purged: " + s.queue().deadLetterQueueUrl() + " holds about " + depth
            + " message(s); run again with --yes to delete them for good (dlq list shows them first)");
        return 1;
      }
      s.queue().purge();
      s.out().println("purged " + s.queue().deadLetterQueueUrl() + " (about " + depth + " message(s); SQS may take "
          + "up to 60 s to finish)");
      return 0;
    }
  }
}
