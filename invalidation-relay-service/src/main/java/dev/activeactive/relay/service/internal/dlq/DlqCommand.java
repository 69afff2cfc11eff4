package dev.activeactive.relay.service.internal.dlq;

import dev.activeactive.relay.service.internal.RelaySettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code invalidation-relay dlq ...}: the replication queue's dead letters, listed, shown, sent back or purged.
 * Reads the relay's own configuration (queue, endpoint, credentials, signing secrets), so that a dead letter
 * is judged exactly as the relay would judge it now.
 */
@Command(name = "dlq", mixinStandardHelpOptions = true,
    description = "Inspect and redrive the replication queue's dead-letter queue (found through its redrive policy).",
    subcommands = {DlqListCommand.class, DlqShowCommand.class, DlqRedriveCommand.class, DlqPurgeCommand.class})
public final class DlqCommand {

  /** The options every dlq command shares. */
  static final class Shared {
    @Option(names = {"-c", "--config"}, description = "The relay's configuration file (HOCON); the RELAY_* "
        + "environment variables apply as for the relay.")
    Path config;

    @Spec
    CommandSpec spec;

    /** The DLQ of the configured queue, with the view that decodes as the relay does. */
    Session open() {
      RelaySettings settings = RelaySettings.load(Optional.ofNullable(config));
      return new Session(new DeadLetterQueue(settings.relay(), settings.credentials()),
          new DeadLetterView(settings.relay()), spec.commandLine().getOut());
    }
  }

  /** What one command works with. */
  record Session(DeadLetterQueue queue, DeadLetterView view, PrintWriter out) implements AutoCloseable {
    @Override
    public void close() {
      queue.close();
      out.flush();
    }
  }

  /** "4m05s", "2h01m", "3d04h". */
  static String age(long millis) {
    long s = millis / 1000;
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format("%dm%02ds", s / 60, s % 60);
    }
    if (s < 86_400) {
      return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
    }
    return String.format("%dd%02dh", s / 86_400, (s % 86_400) / 3600);
  }
}
